using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Catalog.CatalogApi;

namespace Kassa.Tests.Catalog;

/// <summary>
/// Bad input of every kind against the catalog admin API: each answers its 4xx as an RFC 9457 problem
/// naming the field, and leaves every catalog table exactly as it was.
/// </summary>
[StartsFirst]
public sealed class BadRequestTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private const string BigBody = "@big";
    private const string BigBodyWithoutLength = "@big-streamed";
    private const string TextPlain = "@text/plain:";

    private const string Malformed = "Malformed JSON";
    private const string Invalid = "Validation failed";
    private const string BadRequest = "Bad Request";
    private const string NotFound = "Not Found";
    private const string Conflict = "Conflict";

    private static readonly string ManyTranslations =
        "{" + string.Join(",", Enumerable.Range(0, 60).Select(i => $"\"l{(char)('a' + i / 26)}{(char)('a' + i % 26)}\":\"{new string('ä', 400)}\"")) + "}";

    private static readonly string ManyVariantAttributes =
        "[" + string.Join(",", Enumerable.Range(0, 100).Select(i => $$$"""{"variant_type":{"name":"Type {{{i}}} {{{new string('x', 150)}}}"},"variant_value":{"name":"{{{new string('y', 150)}}}"}}""")) + "]";

    /// <summary>name, method, path, body, status, field named in errors (null: none expected), title (null: any).</summary>
    public static TheoryData<string, string, string, string?, int, string?, string?> Cases => new()
    {
        // --- malformed bodies: 400 ---
        { "truncated JSON", "POST", ProductsPath, """{"name":"x","price":1,""", 400, "body", Malformed },
        { "not JSON at all", "POST", ProductsPath, "name=x&price=1", 400, "body", Malformed },
        { "array instead of object", "POST", ProductsPath, "[]", 400, "body", Malformed },
        { "string instead of object", "POST", ProductsPath, "\"product\"", 400, "body", Malformed },
        { "empty body on create", "POST", ProductsPath, "", 400, "body", BadRequest },
        { "null body on create", "POST", ProductsPath, "null", 400, "body", BadRequest },
        { "null body on update", "PUT", $"{ProductsPath}/{IonDrive}", "null", 400, "body", BadRequest },
        { "empty body on settings", "PUT", SettingsPath, "", 400, "body", BadRequest },
        { "duplicate property", "POST", ProductsPath, """{"name":"a","price":1,"name":"b"}""", 400, "name", Malformed },
        { "single-quoted JSON", "POST", ProductsPath, "{'name':'x','price':1}", 400, "body", Malformed },
        { "too deeply nested", "POST", ProductsPath, """{"name":"x","price":1,"translations":""" + string.Concat(Enumerable.Repeat("""{"name":""", 70)) + "1" + new string('}', 71), 400, "translations", Malformed },
        { "wrong content type", "POST", ProductsPath, TextPlain + """{"name":"x","price":1}""", 415, null, null },

        // --- wrong types: 400, named by field ---
        { "price is text", "POST", ProductsPath, """{"name":"x","price":"cheap"}""", 400, "price", Malformed },
        { "price is a boolean", "POST", ProductsPath, """{"name":"x","price":true}""", 400, "price", Malformed },
        { "price is null", "POST", ProductsPath, """{"name":"x","price":null}""", 400, "price", Malformed },
        { "name is a number", "POST", ProductsPath, """{"name":12,"price":1}""", 400, "name", Malformed },
        { "stock is fractional", "POST", ProductsPath, """{"name":"x","price":1,"stock":1.5}""", 400, "stock", Malformed },
        { "stock overflows int", "POST", ProductsPath, """{"name":"x","price":1,"stock":99999999999}""", 400, "stock", Malformed },
        { "prices is an array", "POST", ProductsPath, """{"name":"x","price":1,"prices":[1,2]}""", 400, "prices", Malformed },
        { "price inside prices is text", "POST", ProductsPath, """{"name":"x","price":1,"prices":{"USD":"lots"}}""", 400, "prices.USD", Malformed },
        { "variant type id is text", "POST", ProductsPath, $$$"""{"name":"x","price":1,"parent_id":{{{Shirt}}},"variant_attributes":[{"variant_type":{"id":"a","name":"t"},"variant_value":{"name":"v"}}]}""", 400, "variant_attributes[0].variant_type.id", Malformed },
        { "shipping amount is text", "POST", ShippingPath, """{"name":"S","amount":"free"}""", 400, "amount", Malformed },
        { "shipping enabled is text", "POST", ShippingPath, """{"name":"S","amount":1,"enabled":"yes"}""", 400, "enabled", Malformed },
        { "shipping tax_rate is null", "POST", ShippingPath, """{"name":"S","amount":1,"tax_rate":null}""", 400, "tax_rate", Malformed },
        { "shipping options is an object", "POST", ShippingPath, """{"name":"S","amount":1,"options":{"a":1}}""", 400, "options", Malformed },
        { "discount valid_from is not a date", "POST", DiscountsPath, """{"code":"D1","amount":5,"valid_from":"next monday"}""", 400, "valid_from", Malformed },
        { "custom_fields is an object", "PUT", SettingsPath, """{"custom_fields":{"key":"a"}}""", 400, "custom_fields", Malformed },

        // --- invalid values: 422 with field errors ---
        { "name missing on create", "POST", ProductsPath, """{"price":1}""", 422, "name", Invalid },
        { "name blank", "POST", ProductsPath, """{"name":"   ","price":1}""", 422, "name", Invalid },
        { "name too long", "POST", ProductsPath, $$"""{"name":"{{new string('n', 501)}}","price":1}""", 422, "name", Invalid },
        { "name with NUL", "POST", ProductsPath, """{"name":"a\u0000b","price":1}""", 422, "name", Invalid },
        { "price missing on create", "POST", ProductsPath, """{"name":"x"}""", 422, "price", Invalid },
        { "negative price", "POST", ProductsPath, """{"name":"x","price":-0.01}""", 422, "price", Invalid },
        { "negative price on update", "PUT", $"{ProductsPath}/{IonDrive}", """{"price":"-5"}""", 422, "price", Invalid },
        { "price with more decimals than EUR", "POST", ProductsPath, """{"name":"x","price":1.234}""", 422, "price", Invalid },
        { "price beyond the maximum", "POST", ProductsPath, """{"name":"x","price":1000000000000.01}""", 422, "price", Invalid },
        { "unknown currency in prices", "POST", ProductsPath, """{"name":"x","price":1,"prices":{"XYZ":1}}""", 422, "prices.XYZ", Invalid },
        { "JPY price with decimals", "POST", ProductsPath, """{"name":"x","price":1,"prices":{"JPY":150.5}}""", 422, "prices.JPY", Invalid },
        { "store currency in prices", "POST", ProductsPath, """{"name":"x","price":1,"prices":{"EUR":2}}""", 422, "prices.EUR", Invalid },
        { "tax rate over 100", "POST", ProductsPath, """{"name":"x","price":1,"tax_rate":100.01}""", 422, "tax_rate", Invalid },
        { "negative tax rate", "POST", ProductsPath, """{"name":"x","price":1,"tax_rate":-1}""", 422, "tax_rate", Invalid },
        { "tax rate with 5 decimals", "POST", ProductsPath, """{"name":"x","price":1,"tax_rate":12.34567}""", 422, "tax_rate", Invalid },
        { "negative stock", "POST", ProductsPath, """{"name":"x","price":1,"stock":-1}""", 422, "stock", Invalid },
        { "bad product status", "POST", ProductsPath, """{"name":"x","price":1,"status":"archived"}""", 422, "status", Invalid },
        { "bad image URL", "POST", ProductsPath, """{"name":"x","price":1,"image_url":"not a url"}""", 422, "image_url", Invalid },
        { "non-http image URL", "POST", ProductsPath, """{"name":"x","price":1,"image_url":"ftp://example.com/a.png"}""", 422, "image_url", Invalid },
        { "unknown parent id", "POST", ProductsPath, """{"name":"x","price":1,"parent_id":987654}""", 422, "parent_id", Invalid },
        { "variant of a variant", "POST", ProductsPath, $$"""{"name":"x","price":1,"parent_id":{{RedShirt}}}""", 422, "parent_id", Invalid },
        { "own parent", "PUT", $"{ProductsPath}/{GiftCard}", $$"""{"parent_id":{{GiftCard}}}""", 422, "parent_id", Invalid },
        { "parent with variants becomes a variant", "PUT", $"{ProductsPath}/{Shirt}", $$"""{"parent_id":{{IonDrive}}}""", 422, "parent_id", Invalid },
        { "variant attributes without parent", "POST", ProductsPath, """{"name":"x","price":1,"variant_attributes":[{"variant_type":{"name":"Size"},"variant_value":{"name":"L"}}]}""", 422, "variant_attributes", Invalid },
        { "variant attribute without value", "POST", ProductsPath, $$$"""{"name":"x","price":1,"parent_id":{{{Shirt}}},"variant_attributes":[{"variant_type":{"name":"Size"}}]}""", 422, "variant_attributes[0]", Invalid },
        { "bad translation language", "POST", ProductsPath, """{"name":"x","price":1,"translations":{"name":{"e1":"x"}}}""", 422, "translations.name.e1", Invalid },
        { "translations too large to store", "POST", ProductsPath, $$$"""{"name":"x","price":1,"translations":{"name":{{{ManyTranslations}}}}}""", 422, "translations.name", Invalid },
        { "variant attributes too large to store", "POST", ProductsPath, $$"""{"name":"x","price":1,"parent_id":{{Shirt}},"variant_attributes":{{ManyVariantAttributes}}}""", 422, "variant_attributes", Invalid },
        { "bad shipping country", "POST", ProductsPath, """{"name":"x","price":1,"shipping":{"country_rates":{"EST":5}}}""", 422, "shipping.country_rates.EST", Invalid },
        { "negative flat shipping rate", "POST", ProductsPath, """{"name":"x","price":1,"shipping":{"flat_rate":-2}}""", 422, "shipping.flat_rate", Invalid },
        { "shipping option without amount", "POST", ShippingPath, """{"name":"S","amount":1,"options":[{"name":"courier"}]}""", 422, "options[0].amount", Invalid },
        { "shipping option names repeat", "POST", ShippingPath, """{"name":"S","amount":1,"options":[{"name":"a","amount":1},{"name":"A","amount":2}]}""", 422, "options", Invalid },
        { "bad shipping country list", "POST", ShippingPath, """{"name":"S","amount":1,"countries":["EE","Estonia"]}""", 422, "countries[1]", Invalid },
        { "shipping amount missing", "POST", ShippingPath, """{"name":"S"}""", 422, "amount", Invalid },
        { "discount percentage over 100", "POST", DiscountsPath, """{"code":"D2","amount":101}""", 422, "amount", Invalid },
        { "discount fixed JPY with decimals", "POST", DiscountsPath, """{"code":"D3","amount":10.5,"discount_type":"fixed_amount","currency":"JPY"}""", 422, "amount", Invalid },
        { "discount unknown currency", "POST", DiscountsPath, """{"code":"D4","amount":10,"discount_type":"fixed_amount","currency":"EURO"}""", 422, "currency", Invalid },
        { "discount bad type", "POST", DiscountsPath, """{"code":"D5","amount":10,"discount_type":"bogo"}""", 422, "discount_type", Invalid },
        { "discount bad status", "POST", DiscountsPath, """{"code":"D6","amount":10,"status":"pending"}""", 422, "status", Invalid },
        { "discount ends before it starts", "POST", DiscountsPath, """{"code":"D7","amount":10,"valid_from":"2026-12-01T00:00:00Z","valid_to":"2026-11-01T00:00:00Z"}""", 422, "valid_to", Invalid },
        { "discount code with spaces", "POST", DiscountsPath, """{"code":"TWO WORDS","amount":10}""", 422, "code", Invalid },
        { "discount zero redemption limit", "POST", DiscountsPath, """{"code":"D8","amount":10,"redemption_limit":0}""", 422, "redemption_limit", Invalid },
        { "bad price entry mode", "PUT", SettingsPath, """{"price_entry_mode":"both"}""", 422, "price_entry_mode", Invalid },
        { "unknown store currency", "PUT", SettingsPath, """{"default_currency":"ABC"}""", 422, "default_currency", Invalid },
        { "unknown allowed currency", "PUT", SettingsPath, """{"allowed_currencies":["EUR","XXX"]}""", 422, "allowed_currencies[1]", Invalid },
        { "default tax rate over 100", "PUT", SettingsPath, """{"default_tax_rate":150}""", 422, "default_tax_rate", Invalid },
        { "no languages", "PUT", SettingsPath, """{"languages":[]}""", 422, "languages", Invalid },
        { "bad custom field kind", "PUT", SettingsPath, """{"custom_fields":[{"key":"colour","label":"Colour","kind":"color"}]}""", 422, "custom_fields[0].kind", Invalid },
        { "bad custom field key", "PUT", SettingsPath, """{"custom_fields":[{"key":"my key","label":"x","kind":"text"}]}""", 422, "custom_fields[0].key", Invalid },
        { "repeated custom field key", "PUT", SettingsPath, """{"custom_fields":[{"key":"a","label":"A","kind":"text"},{"key":"a","label":"B","kind":"date"}]}""", 422, "custom_fields[1].key", Invalid },

        // --- unknown ids: 404 ---
        { "get unknown product", "GET", $"{ProductsPath}/987654", null, 404, null, NotFound },
        { "update unknown product", "PUT", $"{ProductsPath}/987654", """{"name":"x"}""", 404, null, NotFound },
        { "delete unknown product", "DELETE", $"{ProductsPath}/987654", null, 404, null, NotFound },
        { "get unknown shipping method", "GET", $"{ShippingPath}/987654", null, 404, null, NotFound },
        { "update unknown shipping method", "PUT", $"{ShippingPath}/987654", """{"amount":1}""", 404, null, NotFound },
        { "delete unknown discount", "DELETE", $"{DiscountsPath}/987654", null, 404, null, NotFound },
        { "non-numeric product id", "GET", $"{ProductsPath}/ion-drive", null, 404, null, NotFound },

        // --- conflicts: 409 ---
        { "duplicate discount code, other case", "POST", DiscountsPath, """{"code":"xmas","amount":10}""", 409, "code", Conflict },
        { "delete a parent with variants", "DELETE", $"{ProductsPath}/{Shirt}", null, 409, null, Conflict },
        { "store currency the catalog cannot express", "PUT", SettingsPath, """{"default_currency":"JPY"}""", 409, "default_currency", Conflict },

        // --- oversized bodies: 413 ---
        { "body over 1 MB", "POST", ProductsPath, BigBody, 413, null, "Content Too Large" },
        { "body over 1 MB without Content-Length", "POST", ProductsPath, BigBodyWithoutLength, 413, null, "Content Too Large" },

        // --- bad paging and filters: 400 ---
        { "per_page over 250", "GET", $"{ProductsPath}?per_page=251", null, 400, "per_page", BadRequest },
        { "per_page zero", "GET", $"{ProductsPath}?per_page=0", null, 400, "per_page", BadRequest },
        { "page zero", "GET", $"{DiscountsPath}?page=0", null, 400, "page", BadRequest },
        { "page not a number", "GET", $"{ShippingPath}?page=two", null, 400, "page", BadRequest },
        { "unknown filter attribute", "GET", $"{ProductsPath}?q.product.colour.$eq=red", null, 400, "q.product.colour.$eq", BadRequest },
        { "unknown filter operator", "GET", $"{ProductsPath}?q.product.name.$like=a", null, 400, "q.product.name.$like", BadRequest },
        { "filter number is not a number", "GET", $"{ProductsPath}?q.product.price.$gt=cheap", null, 400, "q.product.price.$gt", BadRequest },
        { "filter date is not a date", "GET", $"{ProductsPath}?q.product.created_at.$gt=yesterday", null, 400, "q.product.created_at.$gt", BadRequest },
        { "filter on another object", "GET", $"{ProductsPath}?q.discount.amount.$gt=1", null, 400, "q.discount.amount.$gt", BadRequest },
        { "$gt on text", "GET", $"{DiscountsPath}?q.discount.code.$gt=A", null, 400, "q.discount.code.$gt", BadRequest },
        { "$cont on a number", "GET", $"{ShippingPath}?q.shipping_method.amount.$cont=1", null, 400, "q.shipping_method.amount.$cont", BadRequest },
        { "filter given twice", "GET", $"{ProductsPath}?q.product.price.$gt=1&q.product.price.$gt=2", null, 400, "q.product.price.$gt", BadRequest },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Answers_a_problem_and_changes_nothing(string name, string method, string path, string? body, int status, string? field, string? title)
    {
        var before = await factory.Snapshot();

        var response = await factory.Admin().SendAsync(Request(method, path, body));

        var problem = await response.ExpectProblem((HttpStatusCode)status, field, title: title);
        if (field is not null)
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), $"{name}: no detail in {problem}");
        Assert.Equal(before, await factory.Snapshot());
    }

    [Fact]
    public void The_table_has_at_least_35_cases() => Assert.True(Cases.Count() >= 35, $"{Cases.Count()} cases");

    private static HttpRequestMessage Request(string method, string path, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Content = body switch
        {
            null => null,
            BigBody => Json(Big()),
            BigBodyWithoutLength => new WithoutLength(Encoding.UTF8.GetBytes(Big())),
            _ when body.StartsWith(TextPlain, StringComparison.Ordinal) => new StringContent(body[TextPlain.Length..], Encoding.UTF8, "text/plain"),
            _ => Json(body),
        };
        return request;
    }

    /// <summary>A valid product whose description alone takes the body past 1 MB.</summary>
    private static string Big() => $$"""{"name":"big","price":1,"description":"{{new string('d', 1_100_000)}}"}""";

    /// <summary>A JSON body sent without Content-Length, so the limit must be enforced while reading.</summary>
    private sealed class WithoutLength : HttpContent
    {
        private readonly byte[] _bytes;

        public WithoutLength(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
