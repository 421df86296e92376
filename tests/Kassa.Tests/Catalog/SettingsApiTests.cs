using System.Net;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kassa.Tests.Catalog.CatalogApi;

namespace Kassa.Tests.Catalog;

public sealed class SettingsApiTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private readonly HttpClient _admin = factory.Admin();

    [Fact]
    public async Task Get_answers_the_demo_settings()
    {
        var settings = await (await _admin.GetAsync(SettingsPath)).Expect(HttpStatusCode.OK);

        Assert.Equal("net", settings.Str("price_entry_mode"));
        Assert.Equal("EUR", settings.Str("default_currency"));
        Assert.Equal(["EUR", "USD", "NOK"], settings.GetProperty("allowed_currencies").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("20.0", settings.Str("default_tax_rate"));
        Assert.Equal(["en", "et"], settings.GetProperty("languages").EnumerateArray().Select(c => c.GetString()));
        var fields = settings.GetProperty("custom_fields");
        Assert.Equal(2, fields.GetArrayLength());
        Assert.Equal("delivery-date", fields[0].Str("key"));
        Assert.Equal("Preferred delivery date", fields[0].Str("label"));
        Assert.Equal("date", fields[0].Str("kind"));
        Assert.False(fields[0].GetProperty("required").GetBoolean());
        Assert.Equal("checkbox", fields[1].Str("kind"));
    }

    [Fact]
    public async Task Put_changes_the_given_settings_and_keeps_the_rest()
    {
        var before = await (await _admin.GetAsync(SettingsPath)).Expect(HttpStatusCode.OK);

        var updated = await (await _admin.PutJson(SettingsPath, """
            {"price_entry_mode":"gross","default_tax_rate":"22",
             "custom_fields":[
               {"key":"delivery-date","label":" When? ","kind":"date","required":true},
               {"key":"delivery_time","label":"Time slot","kind":"time"},
               {"key":"note","label":"Note to the courier","kind":"text"}]}
            """)).Expect(HttpStatusCode.OK);

        Assert.Equal("gross", updated.Str("price_entry_mode"));
        Assert.Equal("22.0", updated.Str("default_tax_rate"));
        var fields = updated.GetProperty("custom_fields");
        Assert.Equal(["delivery-date", "delivery_time", "note"], fields.EnumerateArray().Select(f => f.Str("key")));
        Assert.Equal("When?", fields[0].Str("label"));
        Assert.True(fields[0].GetProperty("required").GetBoolean());
        Assert.False(fields[1].GetProperty("required").GetBoolean());
        Assert.Equal(["date", "time", "text"], fields.EnumerateArray().Select(f => f.Str("kind")));
        // Untouched:
        Assert.Equal(before.Str("default_currency"), updated.Str("default_currency"));
        Assert.Equal(before.GetProperty("allowed_currencies").ToString(), updated.GetProperty("allowed_currencies").ToString());
        Assert.Equal(before.GetProperty("languages").ToString(), updated.GetProperty("languages").ToString());

        var fetched = await (await _admin.GetAsync(SettingsPath)).Expect(HttpStatusCode.OK);
        Assert.Equal(updated.ToString(), fetched.ToString());
        await using (var scope = factory.Scope(out var db))
        {
            var stored = await db.StoreSettings.AsNoTracking().SingleAsync();
            Assert.Equal(22m, stored.DefaultTaxRate);
            Assert.Equal(3, stored.CustomFields.Count);
        }

        // Put it back for the other tests in this class.
        await (await _admin.PutJson(SettingsPath, $$"""
            {"price_entry_mode":"net","default_tax_rate":20,"custom_fields":{{before.GetProperty("custom_fields")}}}
            """)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Currencies_and_languages_are_normalized_and_the_store_currency_stays_allowed()
    {
        var updated = await (await _admin.PutJson(SettingsPath, """{"allowed_currencies":["usd","nok","USD"],"languages":["et","en","ET"]}""")).Expect(HttpStatusCode.OK);

        Assert.Equal(["EUR", "USD", "NOK"], updated.GetProperty("allowed_currencies").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["et", "en"], updated.GetProperty("languages").EnumerateArray().Select(c => c.GetString()));

        await (await _admin.PutJson(SettingsPath, """{"allowed_currencies":["EUR","USD","NOK"],"languages":["en","et"]}""")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_store_currency_can_change_to_one_that_expresses_every_amount()
    {
        // Every demo amount fits two decimals, but products 1 and 2 list an explicit USD price that would compete.
        var refused = await (await _admin.PutJson(SettingsPath, """{"default_currency":"USD"}""")).ExpectProblem(HttpStatusCode.Conflict, "default_currency");
        Assert.Contains("product 1", refused.ErrorText("default_currency"));
        Assert.Contains("product 2", refused.ErrorText("default_currency"));

        var changed = await (await _admin.PutJson(SettingsPath, """{"default_currency":"nok"}""")).ExpectProblem(HttpStatusCode.Conflict, "default_currency");
        Assert.Contains("product 2", changed.ErrorText("default_currency"));

        var fine = await (await _admin.PutJson(SettingsPath, """{"default_currency":"gbp"}""")).Expect(HttpStatusCode.OK);
        Assert.Equal("GBP", fine.Str("default_currency"));
        Assert.Contains("GBP", fine.GetProperty("allowed_currencies").EnumerateArray().Select(c => c.GetString()));
        var product = await (await _admin.GetAsync($"{ProductsPath}/{IonDrive}")).Expect(HttpStatusCode.OK);
        Assert.Equal("GBP", product.Str("currency"));

        await (await _admin.PutJson(SettingsPath, """{"default_currency":"EUR","allowed_currencies":["EUR","USD","NOK"]}""")).Expect(HttpStatusCode.OK);
    }
}
