using System.Net;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kassa.Tests.Catalog.CatalogApi;

namespace Kassa.Tests.Catalog;

public sealed class ShippingMethodsApiTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private readonly HttpClient _admin = factory.Admin();

    [Fact]
    public async Task Lists_the_demo_methods_with_their_options()
    {
        var response = await _admin.GetAsync($"{ShippingPath}?q.shipping_method.id.$lt=3");
        var list = await response.Expect(HttpStatusCode.OK);

        Assert.Equal("2", response.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["Postal Service", "Advanced shipping"], list.EnumerateArray().Select(m => m.Str("name")));
        var postal = list[0];
        Assert.Equal("3.5", postal.Str("amount"));
        Assert.Equal("20.0", postal.Str("tax_rate"));
        Assert.Equal("EUR", postal.Str("currency"));
        Assert.True(postal.GetProperty("enabled").GetBoolean());
        Assert.Equal(0, postal.GetProperty("countries").GetArrayLength());
        var options = list[1].GetProperty("options");
        Assert.Equal(["option 1", "express"], options.EnumerateArray().Select(o => o.Str("name")));
        Assert.Equal(["2.5", "7.5"], options.EnumerateArray().Select(o => o.Str("amount")));
        Assert.Equal(["EE", "FI", "NO", "SE"], list[1].GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Crud_round_trip_with_options_and_countries()
    {
        var response = await _admin.PostJson(ShippingPath, """
            {"name":"Parcel machine","description":"Pick up at a locker","amount":"4.90","tax_rate":22,
             "options":[{"name":" Omniva ","amount":4.9},{"name":"DPD","amount":"5.10"}],
             "enabled":false,"countries":["ee","LV","EE"]}
            """);
        var created = await response.Expect(HttpStatusCode.Created);
        var id = created.Id();
        Assert.Equal($"{ShippingPath}/{id}", response.Headers.Location?.AbsolutePath);
        Assert.Equal("Parcel machine", created.Str("name"));
        Assert.Equal("Pick up at a locker", created.Str("description"));
        Assert.Equal("4.9", created.Str("amount"));
        Assert.Equal("22.0", created.Str("tax_rate"));
        Assert.False(created.GetProperty("enabled").GetBoolean());
        Assert.Equal(["EE", "LV"], created.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["Omniva", "DPD"], created.GetProperty("options").EnumerateArray().Select(o => o.Str("name")));
        Assert.Equal(["4.9", "5.1"], created.GetProperty("options").EnumerateArray().Select(o => o.Str("amount")));

        var fetched = await (await _admin.GetAsync($"{ShippingPath}/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(created.ToString(), fetched.ToString());

        // Partial update: options replaced, the rest kept.
        var updated = await (await _admin.PutJson($"{ShippingPath}/{id}", """{"options":[{"name":"Itella","amount":3}],"enabled":true}""")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Itella"], updated.GetProperty("options").EnumerateArray().Select(o => o.Str("name")));
        Assert.True(updated.GetProperty("enabled").GetBoolean());
        Assert.Equal("4.9", updated.Str("amount"));
        Assert.Equal(["EE", "LV"], updated.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));

        // Null options and countries mean none / every country.
        updated = await (await _admin.PutJson($"{ShippingPath}/{id}", """{"options":null,"countries":null,"description":null}""")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, updated.GetProperty("options").GetArrayLength());
        Assert.Equal(0, updated.GetProperty("countries").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("description").ValueKind);

        await using (var scope = factory.Scope(out var db))
        {
            var stored = await db.ShippingMethods.AsNoTracking().SingleAsync(m => m.Id == id);
            Assert.Equal(4.90m, stored.Amount);
            Assert.Equal(22m, stored.TaxRate);
            Assert.Empty(stored.Options);
        }

        await (await _admin.DeleteAsync($"{ShippingPath}/{id}")).Expect(HttpStatusCode.NoContent);
        await (await _admin.GetAsync($"{ShippingPath}/{id}")).ExpectProblem(HttpStatusCode.NotFound);
        await (await _admin.DeleteAsync($"{ShippingPath}/{id}")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Filters_on_booleans_and_amounts()
    {
        var hidden = (await (await _admin.PostJson(ShippingPath, """{"name":"Hidden","amount":99.99,"enabled":false}""")).Expect(HttpStatusCode.Created)).Id();

        var disabled = await (await _admin.GetAsync($"{ShippingPath}?q.shipping_method.enabled.$eq=false")).Expect(HttpStatusCode.OK);
        Assert.Equal([hidden], disabled.Ids());
        var dear = await (await _admin.GetAsync($"{ShippingPath}?q.shipping_method.amount.$gt=3")).Expect(HttpStatusCode.OK);
        Assert.Contains(hidden, dear.Ids());
        Assert.Contains(1L, dear.Ids());
        Assert.DoesNotContain(2L, dear.Ids());
    }
}
