using System.Net;
using System.Net.Http.Json;
using System.Text;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;

namespace Kassa.Tests.Carts;

/// <summary>
/// Bad requests across both dialects. Each one must answer its 4xx as an RFC 9457 problem, name the
/// offending field where there is one, and leave the cart exactly as it was: both dialects' views
/// of it, byte for byte, and its ETag.
/// </summary>
[Collection(SharedKassa.Carts)]
public sealed class CartBadRequestTests(KassaFactory factory)
{
    /// <param name="Path">May hold {cart} (the test cart's uuid), {item} (its first line's Outshifter id),
    /// {itemId} (that line's Voog id) and {other} (a uuid no cart has).</param>
    /// <param name="Body">JSON as sent; {big} expands to 1.1 MB of text.</param>
    /// <param name="Fields">Fields that must be named in errors.</param>
    public sealed record Case(string Method, string Path, string? Body, HttpStatusCode Status, params string[] Fields)
    {
        public bool Admin { get; init; }
        public bool Closed { get; init; }
        public string ContentType { get; init; } = "application/json";
        public string? IfMatch { get; init; }
        public bool UnknownLength { get; init; }
        /// <summary>Text the problem must contain (in errors when a field is named, else anywhere).</summary>
        public string? Text { get; init; }
    }

    private const string VoogCart = Voog + "/{cart}";
    private const string Add = Outshifter + "/{cart}/item/add";
    private const string Update = Outshifter + "/{cart}/item/update/{item}";
    private const string DeleteItem = Outshifter + "/{cart}/item/delete/{item}";
    private static readonly HttpMethod Patch = HttpMethod.Patch;

    private const HttpStatusCode BadRequest = HttpStatusCode.BadRequest;
    private const HttpStatusCode Unprocessable = HttpStatusCode.UnprocessableEntity;
    private const HttpStatusCode NotFound = HttpStatusCode.NotFound;
    private const HttpStatusCode Conflict = HttpStatusCode.Conflict;

    private static string Items(string item) => $$"""{"items":[{{item}}]}""";
    private static string Lines(string line) => $$"""{"line_items":[{{line}}]}""";
    private static string Many(string format, int count) => string.Join(",", Enumerable.Range(0, count).Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, i)));

    public static readonly Dictionary<string, Case> Cases = new()
    {
        // ---- Voog PUT /carts/:uuid: malformed bodies and wrong types (400) ----
        ["voog put: malformed JSON"] = new("PUT", VoogCart, """{"note":""", BadRequest, "note"),
        ["voog put: trailing garbage"] = new("PUT", VoogCart, """{"note":"x"} x""", BadRequest),
        ["voog put: body is an array"] = new("PUT", VoogCart, "[]", BadRequest, "body"),
        ["voog put: body is a string"] = new("PUT", VoogCart, "\"items\"", BadRequest, "body"),
        ["voog put: body is null"] = new("PUT", VoogCart, "null", BadRequest),
        ["voog put: empty body"] = new("PUT", VoogCart, "", BadRequest),
        ["voog put: items is an object"] = new("PUT", VoogCart, """{"items":{"product_id":1}}""", BadRequest, "items"),
        ["voog put: items is a string"] = new("PUT", VoogCart, """{"items":"1x product 1"}""", BadRequest, "items"),
        ["voog put: quantity is text"] = new("PUT", VoogCart, Items("""{"product_id":1,"quantity":"abc"}"""), BadRequest, "items[0].quantity"),
        ["voog put: product_id is text"] = new("PUT", VoogCart, Items("""{"product_id":"x","quantity":1}"""), BadRequest, "items[0].product_id"),
        ["voog put: quantity is fractional"] = new("PUT", VoogCart, Items("""{"product_id":1,"quantity":1.5}"""), BadRequest, "items[0].quantity"),
        ["voog put: quantity beyond any integer"] = new("PUT", VoogCart, Items("""{"product_id":1,"quantity":99999999999}"""), BadRequest, "items[0].quantity"),
        ["voog put: second item's quantity is text"] = new("PUT", VoogCart, Items("""{"product_id":1,"quantity":1},{"product_id":3,"quantity":true}"""), BadRequest, "items[1].quantity"),
        ["voog put: shipping_method_id is text"] = new("PUT", VoogCart, """{"shipping_method_id":"fast"}""", BadRequest, "shipping_method_id"),
        ["voog put: discount_code is a number"] = new("PUT", VoogCart, """{"discount_code":33}""", BadRequest, "discount_code"),
        ["voog put: currency is a number"] = new("PUT", VoogCart, """{"currency":978}""", BadRequest, "currency"),
        ["voog put: custom_field_values is an array"] = new("PUT", VoogCart, """{"custom_field_values":["2026-12-24"]}""", BadRequest, "custom_field_values"),
        ["voog put: customer is a string"] = new("PUT", VoogCart, """{"customer":"John Doe"}""", BadRequest, "customer"),
        ["voog put: customer email is a number"] = new("PUT", VoogCart, """{"customer":{"email":42}}""", BadRequest, "customer.email"),
        ["voog put: billing_address is an array"] = new("PUT", VoogCart, """{"billing_address":["Main Street 1"]}""", BadRequest, "billing_address"),
        ["voog put: note is a number"] = new("PUT", VoogCart, """{"note":5}""", BadRequest, "note"),
        ["voog put: terms_agreement is text"] = new("PUT", VoogCart, """{"terms_agreement":"yes"}""", BadRequest, "terms_agreement"),
        ["voog put: is_initial is text"] = new("PUT", VoogCart, """{"is_initial":"sure","note":"x"}""", BadRequest, "is_initial"),
        ["voog put: duplicate property"] = new("PUT", VoogCart, """{"note":"a","note":"b"}""", BadRequest),

        // ---- Voog PUT: values the rules refuse (422) ----
        ["voog put: quantity negative"] = new("PUT", VoogCart, Items("""{"product_id":1,"quantity":-1}"""), Unprocessable, "items[0].quantity"),
        ["voog put: quantity too large"] = new("PUT", VoogCart, Items("""{"product_id":3,"quantity":10001}"""), Unprocessable, "items[0].quantity") { Text = "10000" },
        ["voog put: same product twice adds up beyond the limit"] = new("PUT", VoogCart, Items("""{"product_id":3,"quantity":6000},{"product_id":3,"quantity":6000}"""), Unprocessable, "items[1].quantity"),
        ["voog put: product_id missing"] = new("PUT", VoogCart, Items("""{"quantity":1}"""), Unprocessable, "items[0].product_id"),
        ["voog put: item is null"] = new("PUT", VoogCart, Items("null"), Unprocessable, "items[0].product_id"),
        ["voog put: unknown product"] = new("PUT", VoogCart, Items("""{"product_id":999999,"quantity":1}"""), Unprocessable, "items[0].product_id") { Text = "999999" },
        ["voog put: out-of-stock variant"] = new("PUT", VoogCart, Items("""{"product_id":7,"quantity":1}"""), Unprocessable, "items[0].quantity") { Text = "out of stock" },
        ["voog put: more than the stock"] = new("PUT", VoogCart, Items("""{"product_id":2,"quantity":6}"""), Unprocessable, "items[0].quantity") { Text = "Only 5" },
        ["voog put: too many lines"] = new("PUT", VoogCart, "{\"items\":[" + Many("{{\"product_id\":{0},\"quantity\":1}}", 251) + "]}", Unprocessable, "items"),
        ["voog put: item note too long"] = new("PUT", VoogCart, Items($$"""{"product_id":3,"quantity":1,"note":"{{new string('n', 2001)}}"}"""), Unprocessable, "items[0].note"),
        ["voog put: unknown shipping method"] = new("PUT", VoogCart, """{"shipping_method_id":999}""", Unprocessable, "shipping_method_id") { Text = "999" },
        ["voog put: unknown shipping option"] = new("PUT", VoogCart, """{"shipping_method_option":"teleport"}""", Unprocessable, "shipping_method_option") { Text = "option 1, express" },
        ["voog put: option on a method without options"] = new("PUT", VoogCart, """{"shipping_method_id":1,"shipping_method_option":"express"}""", Unprocessable, "shipping_method_option"),
        ["voog put: option with the method taken away"] = new("PUT", VoogCart, """{"shipping_method_id":null,"shipping_method_option":"express"}""", Unprocessable, "shipping_method_option"),
        ["voog put: JSON nested too deep"] = new("PUT", VoogCart, "{\"custom_field_values\":{\"gift-wrap\":" + new string('[', 100) + new string(']', 100) + "}}", BadRequest),
        ["voog put: unknown discount code"] = new("PUT", VoogCart, """{"discount_code":"NOPE"}""", Unprocessable, "discount_code") { Text = "NOPE" },
        ["voog put: discount code too long"] = new("PUT", VoogCart, $$"""{"discount_code":"{{new string('X', 101)}}"}""", Unprocessable, "discount_code"),
        ["voog put: currency not ISO 4217"] = new("PUT", VoogCart, """{"currency":"EURO"}""", Unprocessable, "currency") { Text = "ISO 4217" },
        ["voog put: currency the store does not sell in"] = new("PUT", VoogCart, """{"currency":"JPY"}""", Unprocessable, "currency") { Text = "JPY" },
        ["voog put: currency some items lack"] = new("PUT", VoogCart, """{"currency":"NOK"}""", Unprocessable, "currency") { Text = "no price in NOK" },
        ["voog put: unknown custom field"] = new("PUT", VoogCart, """{"custom_field_values":{"nope":"x"}}""", Unprocessable, "custom_field_values.nope"),
        ["voog put: custom date not a date"] = new("PUT", VoogCart, """{"custom_field_values":{"delivery-date":"2026-02-30"}}""", Unprocessable, "custom_field_values.delivery-date"),
        ["voog put: custom checkbox not a boolean"] = new("PUT", VoogCart, """{"custom_field_values":{"gift-wrap":"yes"}}""", Unprocessable, "custom_field_values.gift-wrap"),
        ["voog put: customer email not an email"] = new("PUT", VoogCart, """{"customer":{"name":"John","email":"john.doe.com"}}""", Unprocessable, "customer.email"),
        ["voog put: customer language not a code"] = new("PUT", VoogCart, """{"customer":{"language":"e"}}""", Unprocessable, "customer.language"),
        ["voog put: customer name too long"] = new("PUT", VoogCart, $$$"""{"customer":{"name":"{{{new string('J', 201)}}}"}}""", Unprocessable, "customer.name"),
        ["voog put: billing country not a code"] = new("PUT", VoogCart, """{"billing_address":{"city":"Tallinn","country_code":"EST"}}""", Unprocessable, "billing_address.country_code"),
        ["voog put: shipping country not a code"] = new("PUT", VoogCart, """{"shipping_address":{"country_code":"1x"}}""", Unprocessable, "shipping_address.country_code"),
        ["voog put: zip code too long"] = new("PUT", VoogCart, """{"billing_address":{"zip_code":"123456789012345678901"}}""", Unprocessable, "billing_address.zip_code"),
        ["voog put: return_url not a URL"] = new("PUT", VoogCart, """{"return_url":"thanks page"}""", Unprocessable, "return_url"),
        ["voog put: return_url not http"] = new("PUT", VoogCart, """{"return_url":"ftp://shop.example.com/"}""", Unprocessable, "return_url"),
        ["voog put: return_url javascript"] = new("PUT", VoogCart, """{"return_url":"javascript:alert(1)"}""", Unprocessable, "return_url"),
        ["voog put: unknown gateway"] = new("PUT", VoogCart, """{"gateway_code":"paypal"}""", Unprocessable, "gateway_code") { Text = "offline" },
        ["voog put: payment method of another gateway"] = new("PUT", VoogCart, """{"gateway_code":"offline","payment_method":"swedbank"}""", Unprocessable, "payment_method"),
        ["voog put: unknown payment method"] = new("PUT", VoogCart, """{"payment_method":"bitcoin"}""", Unprocessable, "payment_method"),
        ["voog put: note too long"] = new("PUT", VoogCart, $$"""{"note":"{{new string('n', 5001)}}"}""", Unprocessable, "note"),
        ["voog put: item note with a NUL character"] = new("PUT", VoogCart, Items("""{"product_id":3,"quantity":1,"note":"a\u0000b"}"""), Unprocessable, "items[0].note"),
        ["voog put: note with a NUL character"] = new("PUT", VoogCart, """{"note":"a\u0000b"}""", Unprocessable, "note"),
        ["voog put: note with a lone surrogate"] = new("PUT", VoogCart, """{"note":"a\ud800b"}""", BadRequest, "note"),
        ["voog put: discount code with a NUL character"] = new("PUT", VoogCart, """{"discount_code":"XMAS\u0000"}""", Unprocessable, "discount_code"),
        ["voog put: customer name with a NUL character"] = new("PUT", VoogCart, """{"customer":{"name":"\u0000"}}""", Unprocessable, "customer.name"),
        ["voog put: several problems at once"] = new("PUT", VoogCart, """{"discount_code":"NOPE","return_url":"nowhere","note":"fine"}""", Unprocessable, "discount_code", "return_url"),
        ["voog put: a good change with a bad one"] = new("PUT", VoogCart, """{"items":[{"product_id":4,"quantity":3}],"shipping_method_id":999}""", Unprocessable, "shipping_method_id"),

        // ---- Voog PUT: query, addressing, state, transport ----
        ["voog put: bad language_code"] = new("PUT", VoogCart + "?language_code=e", """{"note":"x"}""", BadRequest, "language_code"),
        ["voog put: unknown cart"] = new("PUT", Voog + "/{other}", """{"note":"x"}""", NotFound) { Text = "{other}" },
        ["voog put: id not a uuid"] = new("PUT", Voog + "/12345", """{"note":"x"}""", NotFound),
        ["voog put: closed cart"] = new("PUT", VoogCart, """{"note":"x"}""", Conflict) { Closed = true, Text = "closed" },
        ["voog put: closed cart, even as admin"] = new("PUT", VoogCart, """{"note":"x"}""", Conflict) { Closed = true, Admin = true },
        ["voog put: body over 1 MB"] = new("PUT", VoogCart, """{"note":"{big}"}""", HttpStatusCode.RequestEntityTooLarge),
        ["voog put: body over 1 MB without Content-Length"] = new("PUT", VoogCart, """{"note":"{big}"}""", HttpStatusCode.RequestEntityTooLarge) { UnknownLength = true },
        ["voog put: not JSON content"] = new("PUT", VoogCart, """{"note":"x"}""", HttpStatusCode.UnsupportedMediaType) { ContentType = "text/plain" },
        ["voog put: stale If-Match"] = new("PUT", VoogCart, """{"note":"x"}""", HttpStatusCode.PreconditionFailed) { IfMatch = "\"0\"" },

        // ---- Voog GET, POST, list ----
        ["voog get: unknown cart"] = new("GET", Voog + "/{other}", null, NotFound),
        ["voog get: id not a uuid"] = new("GET", Voog + "/not-a-cart", null, NotFound),
        ["voog get: bad language_code"] = new("GET", VoogCart + "?language_code=12", null, BadRequest, "language_code"),
        ["voog post: malformed JSON"] = new("POST", Voog, """{"items":[{"product_id":1,}""", BadRequest),
        ["voog post: unknown product"] = new("POST", Voog, Items("""{"product_id":424242,"quantity":1}"""), Unprocessable, "items[0].product_id"),
        ["voog post: quantity too large"] = new("POST", Voog, Items("""{"product_id":3,"quantity":10001}"""), Unprocessable, "items[0].quantity"),
        ["voog post: unsupported currency"] = new("POST", Voog, """{"currency":"GBP"}""", Unprocessable, "currency"),
        ["voog post: unknown discount code"] = new("POST", Voog, """{"discount_code":"SUMMER"}""", Unprocessable, "discount_code"),
        ["voog post: option without a method"] = new("POST", Voog, """{"shipping_method_option":"express"}""", Unprocessable, "shipping_method_option") { Text = "shipping_method_id" },
        ["voog list: no admin key"] = new("GET", Voog, null, HttpStatusCode.Unauthorized),
        ["voog list: bad per_page"] = new("GET", Voog + "?per_page=1000", null, BadRequest, "per_page") { Admin = true },

        // ---- Outshifter POST /cart ----
        ["outshifter create: malformed JSON"] = new("POST", Outshifter, """{"currency":EUR}""", BadRequest),
        ["outshifter create: body is an array"] = new("POST", Outshifter, """["EUR"]""", BadRequest),
        ["outshifter create: currency is a number"] = new("POST", Outshifter, """{"currency":978}""", BadRequest, "currency"),
        ["outshifter create: currency not ISO 4217"] = new("POST", Outshifter, """{"currency":"XYZ"}""", Unprocessable, "currency"),
        ["outshifter create: currency the store does not sell in"] = new("POST", Outshifter, """{"currency":"JPY"}""", Unprocessable, "currency"),
        ["outshifter create: session id with a NUL character"] = new("POST", Outshifter, """{"customer_session_id":"s\u0000"}""", Unprocessable, "customer_session_id"),
        ["outshifter create: session id too long"] = new("POST", Outshifter, $$"""{"customer_session_id":"{{new string('s', 201)}}"}""", Unprocessable, "customer_session_id"),

        // ---- Outshifter POST /cart/:id/item/add ----
        ["outshifter add: malformed JSON"] = new("POST", Add, """{"line_items":[""", BadRequest),
        ["outshifter add: empty body"] = new("POST", Add, "", BadRequest),
        ["outshifter add: empty line_items"] = new("POST", Add, """{"line_items":[]}""", Unprocessable, "line_items"),
        ["outshifter add: no line_items"] = new("POST", Add, """{}""", Unprocessable, "line_items"),
        ["outshifter add: line_items is an object"] = new("POST", Add, """{"line_items":{"product_id":1}}""", BadRequest, "line_items"),
        ["outshifter add: quantity is text"] = new("POST", Add, Lines("""{"product_id":1,"quantity":"abc"}"""), BadRequest, "line_items[0].quantity"),
        ["outshifter add: product_id is text"] = new("POST", Add, Lines("""{"product_id":"x","quantity":1}"""), BadRequest, "line_items[0].product_id"),
        ["outshifter add: quantity is fractional"] = new("POST", Add, Lines("""{"product_id":1,"quantity":2.5}"""), BadRequest, "line_items[0].quantity"),
        ["outshifter add: unit_price is text"] = new("POST", Add, Lines("""{"product_id":1,"quantity":1,"price_data":{"unit_price":"cheap"}}"""), BadRequest, "line_items[0].price_data.unit_price"),
        ["outshifter add: price_data is a number"] = new("POST", Add, Lines("""{"product_id":1,"quantity":1,"price_data":5}"""), BadRequest, "line_items[0].price_data"),
        ["outshifter add: quantity zero"] = new("POST", Add, Lines("""{"product_id":1,"quantity":0}"""), Unprocessable, "line_items[0].quantity"),
        ["outshifter add: quantity negative"] = new("POST", Add, Lines("""{"product_id":1,"quantity":-5}"""), Unprocessable, "line_items[0].quantity"),
        ["outshifter add: quantity too large"] = new("POST", Add, Lines("""{"product_id":3,"quantity":10001}"""), Unprocessable, "line_items[0].quantity"),
        ["outshifter add: merged quantity too large"] = new("POST", Add, Lines("""{"product_id":3,"quantity":9999}"""), Unprocessable, "line_items[0].quantity"),
        ["outshifter add: product_id missing"] = new("POST", Add, Lines("""{"quantity":1}"""), Unprocessable, "line_items[0].product_id"),
        ["outshifter add: line item is null"] = new("POST", Add, Lines("null"), Unprocessable, "line_items[0].product_id"),
        ["outshifter add: unknown product"] = new("POST", Add, Lines("""{"product_id":999999,"quantity":1}"""), Unprocessable, "line_items[0].product_id"),
        ["outshifter add: unknown variant"] = new("POST", Add, Lines("""{"product_id":5,"variant_id":999999,"quantity":1}"""), Unprocessable, "line_items[0].variant_id"),
        ["outshifter add: variant of another product"] = new("POST", Add, Lines("""{"product_id":1,"variant_id":6,"quantity":1}"""), Unprocessable, "line_items[0].variant_id"),
        ["outshifter add: out of stock"] = new("POST", Add, Lines("""{"product_id":5,"variant_id":7,"quantity":1}"""), Unprocessable, "line_items[0].quantity") { Text = "out of stock" },
        ["outshifter add: more than the stock"] = new("POST", Add, Lines("""{"product_id":2,"quantity":6}"""), Unprocessable, "line_items[0].quantity") { Text = "Only 5" },
        ["outshifter add: tampered unit_price"] = new("POST", Add, Lines("""{"product_id":1,"quantity":1,"price_data":{"unit_price":"1.00","tax":"1","currency":"EUR"}}"""), Unprocessable, "line_items[0].price_data.unit_price") { Text = "2475.25" },
        ["outshifter add: tampered tax"] = new("POST", Add, Lines("""{"product_id":1,"quantity":1,"price_data":{"unit_price":"2475.25","tax":"0"}}"""), Unprocessable, "line_items[0].price_data.tax"),
        ["outshifter add: price_data in another currency"] = new("POST", Add, Lines("""{"product_id":1,"quantity":1,"price_data":{"unit_price":"2690.00","currency":"USD"}}"""), Unprocessable, "line_items[0].price_data.currency"),
        ["outshifter add: one bad line among good ones"] = new("POST", Add, Lines("""{"product_id":4,"quantity":1},{"product_id":31337,"quantity":1}"""), Unprocessable, "line_items[1].product_id"),
        ["outshifter add: too many line items"] = new("POST", Add, "{\"line_items\":[" + Many("{{\"product_id\":4,\"quantity\":1}}", 251) + "]}", Unprocessable, "line_items"),
        ["outshifter add: unknown cart"] = new("POST", Outshifter + "/{other}/item/add", Lines("""{"product_id":1,"quantity":1}"""), NotFound),
        ["outshifter add: id not a uuid"] = new("POST", Outshifter + "/42/item/add", Lines("""{"product_id":1,"quantity":1}"""), NotFound),
        ["outshifter add: closed cart"] = new("POST", Add, Lines("""{"product_id":4,"quantity":1}"""), Conflict) { Closed = true },
        ["outshifter add: body over 1 MB"] = new("POST", Add, Lines("""{"product_id":4,"quantity":1,"price_data":{"currency":"{big}"}}"""), HttpStatusCode.RequestEntityTooLarge),
        ["outshifter add: not JSON content"] = new("POST", Add, Lines("""{"product_id":4,"quantity":1}"""), HttpStatusCode.UnsupportedMediaType) { ContentType = "application/x-www-form-urlencoded" },
        ["outshifter add: stale If-Match"] = new("POST", Add, Lines("""{"product_id":4,"quantity":1}"""), HttpStatusCode.PreconditionFailed) { IfMatch = "\"7\"" },

        // ---- Outshifter PATCH /cart/:id/item/update/:itemId ----
        ["outshifter update: qty missing"] = new("PATCH", Update, """{}""", Unprocessable, "qty"),
        ["outshifter update: quantity instead of qty"] = new("PATCH", Update, """{"quantity":2}""", Unprocessable, "qty"),
        ["outshifter update: qty zero"] = new("PATCH", Update, """{"qty":0}""", Unprocessable, "qty"),
        ["outshifter update: qty negative"] = new("PATCH", Update, """{"qty":-1}""", Unprocessable, "qty"),
        ["outshifter update: qty too large"] = new("PATCH", Update, """{"qty":10001}""", Unprocessable, "qty"),
        ["outshifter update: qty more than the stock"] = new("PATCH", Update, """{"qty":11}""", Unprocessable, "qty") { Text = "Only 10" },
        ["outshifter update: qty is text"] = new("PATCH", Update, """{"qty":"two"}""", BadRequest, "qty"),
        ["outshifter update: qty is null"] = new("PATCH", Update, """{"qty":null}""", Unprocessable, "qty"),
        ["outshifter update: malformed JSON"] = new("PATCH", Update, """{"qty":2""", BadRequest),
        ["outshifter update: unknown item"] = new("PATCH", Outshifter + "/{cart}/item/update/{other}", """{"qty":2}""", NotFound),
        ["outshifter update: item id not an id"] = new("PATCH", Outshifter + "/{cart}/item/update/first", """{"qty":2}""", NotFound),
        ["outshifter update: unknown numeric item id"] = new("PATCH", Outshifter + "/{cart}/item/update/999999999", """{"qty":2}""", NotFound),
        ["outshifter update: unknown cart"] = new("PATCH", Outshifter + "/{other}/item/update/{item}", """{"qty":2}""", NotFound),
        ["outshifter update: closed cart"] = new("PATCH", Update, """{"qty":2}""", Conflict) { Closed = true },
        ["outshifter update: closed cart by Voog item id"] = new("PATCH", Outshifter + "/{cart}/item/update/{itemId}", """{"qty":2}""", Conflict) { Closed = true },
        ["outshifter update: stale If-Match"] = new("PATCH", Update, """{"qty":2}""", HttpStatusCode.PreconditionFailed) { IfMatch = "\"2\"" },

        // ---- Outshifter PATCH /cart/:id/item/delete/:itemId, GET and DELETE /cart/:id ----
        ["outshifter delete item: unknown item"] = new("PATCH", Outshifter + "/{cart}/item/delete/{other}", null, NotFound),
        ["outshifter delete item: unknown numeric item"] = new("PATCH", Outshifter + "/{cart}/item/delete/0", null, NotFound),
        ["outshifter delete item: unknown cart"] = new("PATCH", Outshifter + "/{other}/item/delete/{item}", null, NotFound),
        ["outshifter delete item: closed cart"] = new("PATCH", DeleteItem, null, Conflict) { Closed = true },
        ["outshifter delete item: stale If-Match"] = new("PATCH", DeleteItem, null, HttpStatusCode.PreconditionFailed) { IfMatch = "W/\"1\"" },
        ["outshifter get: unknown cart"] = new("GET", Outshifter + "/{other}", null, NotFound),
        ["outshifter get: id not a uuid"] = new("GET", Outshifter + "/112321203", null, NotFound),
        ["outshifter delete: unknown cart"] = new("DELETE", Outshifter + "/{other}", null, NotFound),
        ["outshifter delete: closed cart"] = new("DELETE", Outshifter + "/{cart}", null, Conflict) { Closed = true },
        ["outshifter delete: stale If-Match"] = new("DELETE", Outshifter + "/{cart}", null, HttpStatusCode.PreconditionFailed) { IfMatch = "\"3\"" },
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Fact]
    public void The_table_has_at_least_65_cases_across_both_dialects()
    {
        Assert.True(Cases.Count >= 65, $"{Cases.Count} cases");
        Assert.True(Cases.Values.Count(c => c.Path.StartsWith(Voog, StringComparison.Ordinal)) >= 30);
        Assert.True(Cases.Values.Count(c => c.Path.StartsWith(Outshifter, StringComparison.Ordinal)) >= 30);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_bad_request_is_a_problem_and_changes_nothing(string name)
    {
        var @case = Cases[name];
        var shopper = factory.Anonymous();

        // A cart with something of everything in it.
        var (uuid, created, _) = await shopper.CreateVoogCart(new
        {
            items = new[] { new { product_id = 1, quantity = 1 }, new { product_id = 3, quantity = 2 } },
            shipping_method_id = 2,
            shipping_method_option = "option 1",
            discount_code = "XMAS",
            customer = new { name = "John Doe", email = "john@doe.com", phone = "1234567" },
            billing_address = new { name = "John Doe", address1 = "Main Street 1", city = "Tallinn", zip_code = "11612", country_code = "ee" },
            custom_field_values = new Dictionary<string, object> { ["delivery-date"] = "2026-12-24", ["gift-wrap"] = true },
            note = "base",
        });
        var itemId = created.Items()[0].GetProperty("id").GetInt64();
        var item = (await shopper.GetOutshifter(uuid)).Items("line_items")[0].Str("id");
        if (@case.Closed) await factory.SetStatus(uuid, "closed");
        var other = Guid.NewGuid().ToString();

        var before = await shopper.Snapshot(uuid);
        var cartsBefore = await factory.CartCount();

        string Fill(string s) => s.Replace("{cart}", uuid).Replace("{itemId}", itemId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("{item}", item).Replace("{other}", other);

        var request = new HttpRequestMessage(new HttpMethod(@case.Method), Fill(@case.Path));
        if (@case.Body is not null)
        {
            var body = Fill(@case.Body).Replace("{big}", new string('a', 1_100_000));
            request.Content = @case.UnknownLength
                ? new UnknownLengthContent(Encoding.UTF8.GetBytes(body), @case.ContentType)
                : new StringContent(body, Encoding.UTF8, @case.ContentType);
        }
        if (@case.IfMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", @case.IfMatch);
        var client = @case.Admin ? factory.Admin() : shopper;

        var response = await client.SendAsync(request);

        var problem = await response.ExpectProblem(@case.Status, @case.Fields.FirstOrDefault(), @case.Text is null ? null : Fill(@case.Text));
        foreach (var field in @case.Fields.Skip(1))
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"'{field}' is not named in {problem}");
        // Also the answers ASP.NET Core gives without a body (415, and 413 for a body without Content-Length).
        Assert.False(string.IsNullOrWhiteSpace(problem.TryGetProperty("detail", out var detail) ? detail.GetString() : null), $"No detail in {problem}");
        Assert.Null(response.Headers.ETag);

        Assert.Equal(before, await shopper.Snapshot(uuid));
        Assert.Equal(cartsBefore, await factory.CartCount());
    }

    /// <summary>A body sent without Content-Length, as a chunked upload is.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnknownLengthContent(byte[] bytes, string contentType)
        {
            _bytes = bytes;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
