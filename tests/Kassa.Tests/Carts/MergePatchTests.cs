using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;
using Kassa.Data;

namespace Kassa.Tests.Carts;

/// <summary>
/// Customer and addresses are updated as JSON Merge Patch (RFC 7396) in both dialects: a field left out stays,
/// a field sent as null is cleared, the object sent as null is cleared.
/// </summary>
[Collection(SharedKassa.Carts)]
public sealed class MergePatchTests(KassaFactory factory)
{
    /// <summary>How one dialect first sets a nested object, changes it, and shows it.</summary>
    /// <param name="Start">Makes the object with the first body (a cart or checkout write); returns the id to write to.</param>
    /// <param name="Write">The second write: <c>{"&lt;object&gt;": &lt;patch&gt;}</c>.</param>
    /// <param name="Read">The object as the dialect shows it (or JSON null).</param>
    private sealed record Dialect(
        Func<HttpClient, string, string, Task<string>> Start,
        Func<HttpClient, string, string, Task<HttpResponseMessage>> Write,
        Func<HttpClient, string, string, Task<JsonElement>> Read);

    private static string Body(string objectName, string json) => $$"""{"{{objectName}}":{{json}}}""";

    private static readonly Dialect Voog = new(
        // Created with the object (Voog's POST takes it too), then changed by PUT.
        Start: async (client, name, first) =>
            (await (await client.PostAsync($"{VoogCarts}?include=billing_address,shipping_address", Json(Body(name, first))))
                .Expect(HttpStatusCode.Created)).Str("uuid"),
        Write: (client, uuid, body) => client.PutAsync($"{VoogCarts}/{uuid}?include=billing_address,shipping_address", Json(body)),
        Read: async (client, uuid, name) =>
            (await (await client.GetAsync($"{VoogCarts}/{uuid}?include=billing_address,shipping_address")).Expect(HttpStatusCode.OK)).GetProperty(name));

    private static readonly Dialect Outshifter = new(
        Start: async (client, name, first) =>
        {
            var checkoutId = (await client.CreateCheckout(await client.OutshifterCart((StarChart, 1)))).Str("id");
            await (await client.PatchAsync($"{CheckoutPath}/{checkoutId}", Json(Body(name, first)))).Expect(HttpStatusCode.OK);
            return checkoutId;
        },
        Write: (client, id, body) => client.PatchAsync($"{CheckoutPath}/{id}", Json(body)),
        Read: async (client, id, name) => (await (await client.GetAsync($"{CheckoutPath}/{id}")).Expect(HttpStatusCode.OK)).GetProperty(name));

    private const string VoogCustomer = """{"name":"Ada Lovelace","email":"ada@example.com","phone":"111","language":"en"}""";
    private const string VoogAddress = """{"name":"Ada Lovelace","company_name":"Analytical","address1":"Main Street 1","city":"Tallinn","zip_code":"11612","country_code":"ee"}""";
    private const string OutshifterAddress = """{"first_name":"Ada","last_name":"Lovelace","company":"Analytical","address1":"Møllergata 6","city":"Oslo","country_code":"NO","zip":"0179"}""";

    /// <param name="Expected">Fields of the object after the patch; null expects JSON null. Without any, the object itself is null.</param>
    public sealed record Case(string Dialect, string Object, string First, string Patch, params (string Field, string? Value)[] Expected);

    public static readonly Dictionary<string, Case> Cases = new()
    {
        ["voog customer: a partial object keeps the rest"] = new("voog", "customer", VoogCustomer, """{"phone":"555"}""",
            ("name", "Ada Lovelace"), ("email", "ada@example.com"), ("phone", "555"), ("language", "en")),
        ["voog customer: a null field clears that field"] = new("voog", "customer", VoogCustomer, """{"email":null}""",
            ("name", "Ada Lovelace"), ("email", null), ("phone", "111")),
        ["voog customer: an empty object changes nothing"] = new("voog", "customer", VoogCustomer, "{}",
            ("name", "Ada Lovelace"), ("email", "ada@example.com"), ("phone", "111")),
        ["voog customer: null clears the object"] = new("voog", "customer", VoogCustomer, "null"),
        // Member names match as in the rest of the body (case-insensitively), so this is the same member, not a duplicate.
        ["voog customer: a member named in other letter case patches that member"] = new("voog", "customer", VoogCustomer, """{"Phone":"555"}""",
            ("name", "Ada Lovelace"), ("phone", "555")),

        ["voog shipping_address: a partial object keeps the name"] = new("voog", "shipping_address", VoogAddress, """{"city":"Tartu","zip_code":"50090"}""",
            ("name", "Ada Lovelace"), ("company_name", "Analytical"), ("address1", "Main Street 1"), ("city", "Tartu"), ("zip_code", "50090"), ("country_code", "ee")),
        ["voog shipping_address: a null field clears that field"] = new("voog", "shipping_address", VoogAddress, """{"company_name":null}""",
            ("name", "Ada Lovelace"), ("company_name", null), ("city", "Tallinn")),
        ["voog shipping_address: null clears the object"] = new("voog", "shipping_address", VoogAddress, "null"),
        ["voog billing_address: a partial object keeps the name"] = new("voog", "billing_address", VoogAddress, """{"address1":"Side Street 2"}""",
            ("name", "Ada Lovelace"), ("company_name", "Analytical"), ("address1", "Side Street 2"), ("city", "Tallinn"), ("country_code", "ee")),
        ["voog billing_address: a null field clears that field"] = new("voog", "billing_address", VoogAddress, """{"zip_code":null,"country_code":"LV"}""",
            ("name", "Ada Lovelace"), ("zip_code", null), ("country_code", "lv")),
        ["voog billing_address: null clears the object"] = new("voog", "billing_address", VoogAddress, "null"),

        ["outshifter shipping_address: a partial object keeps the names"] = new("outshifter", "shipping_address", OutshifterAddress, """{"address1":"Karl Johans gate 1","zip":154}""",
            ("first_name", "Ada"), ("last_name", "Lovelace"), ("company", "Analytical"), ("address1", "Karl Johans gate 1"), ("city", "Oslo"), ("zip", "154"), ("country_code", "NO")),
        ["outshifter shipping_address: a null field clears that field"] = new("outshifter", "shipping_address", OutshifterAddress, """{"company":null}""",
            ("first_name", "Ada"), ("last_name", "Lovelace"), ("company", null), ("city", "Oslo")),
        ["outshifter shipping_address: an empty object changes nothing"] = new("outshifter", "shipping_address", OutshifterAddress, "{}",
            ("first_name", "Ada"), ("last_name", "Lovelace"), ("company", "Analytical"), ("city", "Oslo")),
        ["outshifter shipping_address: null clears the object"] = new("outshifter", "shipping_address", OutshifterAddress, "null"),
        ["outshifter billing_address: a partial object keeps the names"] = new("outshifter", "billing_address", OutshifterAddress, """{"city":"Bergen","country":"Norway"}""",
            ("first_name", "Ada"), ("last_name", "Lovelace"), ("address1", "Møllergata 6"), ("city", "Bergen"), ("country", "Norway")),
        ["outshifter billing_address: a null field clears that field"] = new("outshifter", "billing_address", OutshifterAddress, """{"last_name":null}""",
            ("first_name", "Ada"), ("last_name", null), ("company", "Analytical")),
        ["outshifter billing_address: null clears the object"] = new("outshifter", "billing_address", OutshifterAddress, "null"),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_nested_object_is_merged_as_a_JSON_merge_patch(string name)
    {
        var @case = Cases[name];
        var dialect = @case.Dialect == "voog" ? Voog : Outshifter;
        var client = factory.Anonymous();

        var id = await dialect.Start(client, @case.Object, @case.First);
        var written = await (await dialect.Write(client, id, Body(@case.Object, @case.Patch))).Expect(HttpStatusCode.OK);
        var shown = await dialect.Read(client, id, @case.Object);

        // The write's own answer and a later read agree.
        Assert.Equal(shown.GetRawText(), written.GetProperty(@case.Object).GetRawText());
        if (@case.Expected.Length == 0)
        {
            Assert.Equal(JsonValueKind.Null, shown.ValueKind);
            return;
        }
        Assert.Equal(JsonValueKind.Object, shown.ValueKind);
        foreach (var (field, value) in @case.Expected) Assert.True(value == shown.StrOrNull(field), $"{field}: expected {value ?? "null"} in {shown}");
    }

    [Fact]
    public async Task A_merged_object_is_validated_as_a_whole()
    {
        var client = factory.Anonymous();
        var uuid = await Voog.Start(client, "billing_address", VoogAddress);
        var before = await client.CartSnapshot(uuid);

        // The field sent is checked with the same rules as before, and a refused patch changes nothing.
        await (await Voog.Write(client, uuid, """{"billing_address":{"country_code":"EST"}}"""))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "billing_address.country_code");
        await (await Voog.Write(client, uuid, """{"customer":{"email":"not-an-email"}}"""))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "customer.email");
        await (await Voog.Write(client, uuid, """{"billing_address":{"city":5}}"""))
            .ExpectProblem(HttpStatusCode.BadRequest, "billing_address.city");
        await (await Voog.Write(client, uuid, """{"billing_address":"Main Street 1"}"""))
            .ExpectProblem(HttpStatusCode.BadRequest, "billing_address");
        Assert.Equal(before, await client.CartSnapshot(uuid));

        var checkoutId = await Outshifter.Start(client, "shipping_address", OutshifterAddress);
        var checkoutBefore = await client.CheckoutBody(checkoutId);
        await (await Outshifter.Write(client, checkoutId, """{"shipping_address":{"country_code":"NOR"}}"""))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "shipping_address.country_code");
        await (await Outshifter.Write(client, checkoutId, """{"shipping_address":{"phone":true}}"""))
            .ExpectProblem(HttpStatusCode.BadRequest, "shipping_address.phone");
        Assert.Equal(checkoutBefore, await client.CheckoutBody(checkoutId));
    }

    [Fact]
    public async Task A_partial_voog_update_keeps_the_customer_and_addresses_the_other_dialect_shows()
    {
        var client = factory.Anonymous();
        var uuid = await Voog.Start(client, "customer", VoogCustomer);
        await (await Voog.Write(client, uuid, Body("shipping_address", VoogAddress))).Expect(HttpStatusCode.OK);

        var cart = await (await Voog.Write(client, uuid, """{"customer":{"phone":"555"},"shipping_address":{"phone":"555"},"note":"ring twice"}"""))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(("Ada Lovelace", "ada@example.com", "555"), (cart.GetProperty("customer").Str("name"), cart.GetProperty("customer").Str("email"), cart.GetProperty("customer").Str("phone")));
        Assert.Equal(("Ada Lovelace", "Main Street 1", "555"),
            (cart.GetProperty("shipping_address").Str("name"), cart.GetProperty("shipping_address").Str("address1"), cart.GetProperty("shipping_address").Str("phone")));
    }

    [Fact]
    public async Task A_second_checkout_patch_with_part_of_the_address_keeps_the_recipient_on_the_order()
    {
        var client = factory.Anonymous();
        var checkoutId = (await client.CreateCheckout(await client.OutshifterCart((StarChart, 1)))).Str("id");

        // The seed's first step: only the name and email. Then the rest of the address, without the names.
        await client.PatchCheckout(checkoutId, new { shipping_address = new { first_name = "John", last_name = "Johnson", email = "john@example.com" } });
        var patched = await client.PatchCheckout(checkoutId, new
        {
            shipping_address = new { address1 = "Møllergata 6", city = "Oslo", country_code = "NO", zip = "0179" },
            billing_address = new { first_name = "Jane", last_name = "Johnson" },
            payment_method = "sandbox",
            shipping_rate = new { shipping_method_id = PostalService },
        });
        Assert.Equal(("John", "Johnson", "Oslo"),
            (patched.GetProperty("shipping_address").Str("first_name"), patched.GetProperty("shipping_address").Str("last_name"), patched.GetProperty("shipping_address").Str("city")));
        patched = await client.PatchCheckout(checkoutId, new { billing_address = new { address1 = "Storgata 1", city = "Oslo", country_code = "NO" } });
        Assert.Equal(("Jane", "Johnson", "Storgata 1"),
            (patched.GetProperty("billing_address").Str("first_name"), patched.GetProperty("billing_address").Str("last_name"), patched.GetProperty("billing_address").Str("address1")));

        var started = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{checkoutId}/payment", new { })).Expect(HttpStatusCode.OK);
        var order = await factory.GetOrder(started.GetProperty("order_id").GetInt64());
        Assert.Equal("John Johnson", order.GetProperty("shipping_address").Str("name"));
        Assert.Equal("Jane Johnson", order.GetProperty("billing_address").Str("name"));
        Assert.Equal("john@example.com", order.GetProperty("customer").Str("email"));
    }
}
