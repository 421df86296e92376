using System.Net;
using Kassa.Http;
using Kassa.Tests.Infrastructure;

namespace Kassa.Tests.Http;

/// <summary>
/// A number with more decimals than a decimal holds (<c>1e-30</c>, thirty decimals) used to be rounded on reading, to 0
/// or to a round number, and then passed every "at most N decimals" rule and was stored. Now it is a 422 naming the
/// field, like any amount with more decimals than its currency, in every money and rate field, as a number or a string.
/// </summary>
public sealed class MoneyPrecisionTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private const string Tiny = "1e-30";
    private const string Long = "9.990000000000000000000000000001"; // thirty decimals: a decimal keeps 9.99

    /// <summary>Path, body with {v} for the value, the field named, and whether the admin key is sent.</summary>
    public static readonly (string Path, string Body, string Field, bool Admin)[] Fields =
    [
        ($"{VoogApi}/products", """{"name":"P","price":{v}}""", "price", true),
        ($"{VoogApi}/products", """{"name":"P","price":5,"prices":{"USD":{v}}}""", "prices.USD", true),
        ($"{VoogApi}/products", """{"name":"P","price":5,"tax_rate":{v}}""", "tax_rate", true),
        ($"{VoogApi}/products", """{"name":"P","price":5,"shipping":{"flat_rate":{v}}}""", "shipping.flat_rate", true),
        ($"{VoogApi}/products", """{"name":"P","price":5,"shipping":{"country_rates":{"NO":{v}}}}""", "shipping.country_rates.NO", true),
        ($"{VoogApi}/shipping_methods", """{"name":"S","amount":{v}}""", "amount", true),
        ($"{VoogApi}/shipping_methods", """{"name":"S","amount":1,"options":[{"name":"a","amount":{v}}]}""", "options[0].amount", true),
        ($"{VoogApi}/shipping_methods", """{"name":"S","amount":1,"tax_rate":{v}}""", "tax_rate", true),
        ($"{VoogApi}/discounts", """{"code":"TINY","discount_type":"fixed_amount","amount":{v}}""", "amount", true),
        ($"{VoogApi}/discounts", """{"code":"TINY","discount_type":"percentage","amount":{v}}""", "amount", true),
        ($"{VoogApi}/settings", """{"default_tax_rate":{v}}""", "default_tax_rate", true),
        ("/api/cart/{cart}/item/add", """{"line_items":[{"product_id":3,"quantity":1,"price_data":{"unit_price":{v}}}]}""", "line_items[0].price_data.unit_price", true),
        ("/api/cart/{cart}/item/add", """{"line_items":[{"product_id":3,"quantity":1,"price_data":{"tax":{v}}}]}""", "line_items[0].price_data.tax", true),
        ("/api/cart/{cart}/item/add", """{"line_items":[{"product_id":3,"quantity":1,"price_data":{"unit_price":{v}}}]}""", "line_items[0].price_data.unit_price", false),
    ];

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        for (var i = 0; i < Fields.Length; i++)
            foreach (var value in new[] { Tiny, $"\"{Tiny}\"", "-1e-30", "1E-29", Long, $"\"{Long}\"", "0.0000000000000000000000000000001" })
                data.Add(i, value);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_number_with_more_decimals_than_a_decimal_holds_is_a_422_naming_the_field(int field, string value)
    {
        var (path, body, name, admin) = Fields[field];
        var cart = (await (await factory.Anonymous().PostAsync("/api/cart", Json("{}"))).Expect(HttpStatusCode.Created)).GetProperty("cart_id").GetString()!;
        var before = await factory.RowCounts();
        var method = path.EndsWith("/settings", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post;

        var response = await (admin ? factory.Admin() : factory.Anonymous())
            .SendAsync(new HttpRequestMessage(method, path.Replace("{cart}", cart)) { Content = Json(body.Replace("{v}", value)) });

        await response.ExpectProblem(HttpStatusCode.UnprocessableEntity, name, "decimals", title: "Validation failed");
        Assert.Equal(before, await factory.RowCounts());
    }

    [Theory]
    [InlineData("12.5")]
    [InlineData("\"12.50\"")]
    [InlineData("1.25e1")]
    [InlineData("1250e-2")]
    [InlineData("0.1250000000000000000000000000e2")]
    [InlineData("12.500000000000000000000000000")]
    public async Task A_number_a_decimal_holds_exactly_is_read_whatever_its_notation(string value)
    {
        var created = await (await factory.Admin().PostAsync($"{VoogApi}/products", Json($$"""{"name":"Exact","price":{{value}}}""")))
            .Expect(HttpStatusCode.Created);

        Assert.Equal("12.5", created.GetProperty("price").GetString());
    }

    [Theory]
    [InlineData("1e-30", "0", false)]
    [InlineData("1e-28", "0.0000000000000000000000000001", true)]
    [InlineData("-0.0", "0", true)]
    [InlineData("0e-999999999999999999999", "0", true)]
    [InlineData("1e-999999999999999999999", "0", false)]
    [InlineData("12.50", "12.5", true)]
    [InlineData("1250e-2", "12.5", true)]
    [InlineData("-1250E-2", "-12.5", true)]
    [InlineData("-1250E-2", "12.5", false)]
    [InlineData("+7", "7", true)]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335", true)]
    [InlineData("9.990000000000000000000000000001", "9.9900000000000000000000000000", false)]
    [InlineData("100", "1E2", true)]
    [InlineData("100", "10", false)]
    public void Two_numerals_are_the_same_number_only_when_every_digit_agrees(string a, string b, bool same)
    {
        Assert.Equal(same, ExactDecimalConverter.SameNumber(a, b));
        Assert.Equal(same, ExactDecimalConverter.SameNumber(b, a));
    }
}
