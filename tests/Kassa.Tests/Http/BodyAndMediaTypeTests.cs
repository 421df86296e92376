using System.Net;
using System.Text;
using Kassa.Tests.Infrastructure;

namespace Kassa.Tests.Http;

/// <summary>
/// Every endpoint that takes a JSON body refuses, alike: a missing body, an empty one, <c>null</c> or any JSON that
/// is not an object (400, <c>errors.body</c>), and a body not declared as JSON (415 whose detail says what to send).
/// Nothing is created or changed. The checks come before anything about the resource, so the ids need not exist.
/// </summary>
[Collection(SharedKassa.Surface)]
public sealed class BodyAndMediaTypeTests(KassaFactory factory)
{
    private static readonly string Some = Guid.NewGuid().ToString();

    /// <summary>Method, path and whether the endpoint is an admin one.</summary>
    public static readonly (string Method, string Path, bool Admin)[] Endpoints =
    [
        ("POST", $"{VoogApi}/carts", false),
        ("PUT", $"{VoogApi}/carts/{Some}", false),
        ("POST", $"{VoogApi}/carts/{Some}/checkout", false),
        ("POST", $"{VoogApi}/products", true),
        ("PUT", $"{VoogApi}/products/1", true),
        ("POST", $"{VoogApi}/shipping_methods", true),
        ("PUT", $"{VoogApi}/shipping_methods/1", true),
        ("POST", $"{VoogApi}/discounts", true),
        ("PUT", $"{VoogApi}/discounts/1", true),
        ("PUT", $"{VoogApi}/settings", true),
        ("PUT", $"{VoogApi}/orders/1", true),
        ("POST", "/api/cart", false),
        ("POST", $"/api/cart/{Some}/item/add", false),
        ("PATCH", $"/api/cart/{Some}/item/update/{Some}", false),
        ("POST", "/api/checkout", false),
        ("PATCH", $"/api/checkout/{Some}", false),
        ("PATCH", $"/api/checkout/{Some}/payment", false),
        ("POST", "/api/shipping/flat-rate", false),
        ("POST", $"/api/payments/klarna/{Some}/authorize", false),
    ];

    /// <summary>null: no body at all; otherwise the text sent as application/json.</summary>
    public static readonly string?[] NotAnObject = [null, "", "  ", "null", " null ", "[]", "[{}]", "42", "\"{}\"", "true"];

    public static TheoryData<string, string, bool, string?> BodyCases()
    {
        var data = new TheoryData<string, string, bool, string?>();
        foreach (var (method, path, admin) in Endpoints)
            foreach (var body in NotAnObject) data.Add(method, path, admin, body);
        return data;
    }

    public static TheoryData<string, string, bool, string?> MediaTypeCases()
    {
        var data = new TheoryData<string, string, bool, string?>();
        foreach (var (method, path, admin) in Endpoints)
            foreach (var type in new string?[] { null, "text/plain", "application/x-www-form-urlencoded", "application/xml" })
                data.Add(method, path, admin, type);
        return data;
    }

    [Theory]
    [MemberData(nameof(BodyCases))]
    public async Task A_body_that_is_not_a_JSON_object_is_a_400_naming_the_body(string method, string path, bool admin, string? body)
    {
        var before = await factory.RowCounts();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = Json(body);

        var response = await (admin ? factory.Admin() : factory.Anonymous()).SendAsync(request);

        await response.ExpectProblem(HttpStatusCode.BadRequest, "body");
        Assert.Equal(before, await factory.RowCounts());
    }

    [Theory]
    [MemberData(nameof(MediaTypeCases))]
    public async Task A_JSON_body_not_sent_as_JSON_is_a_415_that_says_what_to_send(string method, string path, bool admin, string? contentType)
    {
        var before = await factory.RowCounts();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"name":"x","code":"X","amount":1,"price":1,"qty":1}"""));
        if (contentType is not null) content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        var response = await (admin ? factory.Admin() : factory.Anonymous()).SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = content });

        var problem = await response.ExpectProblem(HttpStatusCode.UnsupportedMediaType, title: "Unsupported Media Type");
        Assert.Contains("Content-Type: application/json", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await factory.RowCounts());
    }

    [Fact]
    public async Task The_Klarna_session_body_stays_optional_but_must_be_an_object_when_sent()
    {
        // Klarna is not configured in the test host: a request that gets past the body is a 422 saying so.
        var cart = (await (await factory.Anonymous().PostAsync("/api/cart", Json("{}")))
            .Expect(HttpStatusCode.Created)).GetProperty("cart_id").GetString();
        var path = $"/api/cart/{cart}/init-payment-klarna";

        await (await factory.Anonymous().PostAsync(path, null)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "payment_method");
        await (await factory.Anonymous().PostAsync(path, Json("null")))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "payment_method");
        await (await factory.Anonymous().PostAsync(path, Json("[]")))
            .ExpectProblem(HttpStatusCode.BadRequest, "body");
    }
}
