using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Kassa.Tests.Infrastructure;

/// <summary>
/// What every API test uses to talk to Kassa and read its answers: raw JSON bodies, requests, JSON values, and
/// catalog writes through the admin API. Feature helpers (CartApi, CheckoutApi, ...) build on these.
/// </summary>
public static class TestHttp
{
    /// <summary>The Voog dialect's base path; the admin catalog lives under it too.</summary>
    public const string VoogApi = "/admin/api/ecommerce/v1";

    /// <summary>A body of raw JSON text, sent as it is (malformed on purpose, or with exact number forms).</summary>
    public static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string path, string body) => client.PostAsync(path, Json(body));

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string path, string body) => client.PutAsync(path, Json(body));

    /// <summary>A request with a body (raw JSON when a string, serialized otherwise) and, when given, an <c>Idempotency-Key</c>.</summary>
    public static Task<HttpResponseMessage> Send(this HttpClient client, HttpMethod method, string path, object? body = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is string raw) request.Content = Json(raw);
        else if (body is not null) request.Content = JsonContent.Create(body);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>The body as JSON whatever the status; a body that is not JSON fails the test, showing it.</summary>
    public static async Task<JsonElement> Body(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            Assert.Fail($"Expected a JSON body, got {(int)response.StatusCode}: {text}");
            throw;
        }
    }

    // ---- reading answers ----

    /// <summary>A string property that must be there and not null (the test fails, showing the object, otherwise).</summary>
    public static string Str(this JsonElement e, string property) =>
        e.StrOrNull(property) ?? throw new InvalidOperationException($"'{property}' is null in {e}");

    /// <summary>A string property that must be there and may be null.</summary>
    public static string? StrOrNull(this JsonElement e, string property)
    {
        if (!e.TryGetProperty(property, out var value)) throw new KeyNotFoundException($"No '{property}' in {e}");
        return value.ValueKind == JsonValueKind.Null ? null : value.GetString();
    }

    /// <summary>A money or rate string (<c>"12.5"</c>) as a decimal.</summary>
    public static decimal Dec(this JsonElement e, string property) => decimal.Parse(e.Str(property), CultureInfo.InvariantCulture);

    public static bool IsNull(this JsonElement e, string property) => e.GetProperty(property).ValueKind == JsonValueKind.Null;

    public static long Id(this JsonElement e) => e.GetProperty("id").GetInt64();

    public static IReadOnlyList<long> Ids(this JsonElement list) => list.EnumerateArray().Select(e => e.Id()).ToList();

    public static List<string> Keys(this JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToList();

    public static List<JsonElement> Items(this JsonElement e, string property = "items") => e.GetProperty(property).EnumerateArray().ToList();

    /// <summary>The messages a problem lists for a field, joined.</summary>
    public static string ErrorText(this JsonElement problem, string field) =>
        string.Join(" ", problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));

    // ---- catalog writes through the admin API ----

    /// <summary>Creates a product through the admin API and returns its id.</summary>
    public static async Task<long> CreateProduct(this KassaFactory factory, object product) =>
        (await (await factory.Admin().PostAsJsonAsync($"{VoogApi}/products", product)).Expect(HttpStatusCode.Created)).Id();

    /// <summary>A live product of the test's own, so stock changes don't meet another test's.</summary>
    public static Task<long> CreateProduct(this KassaFactory factory, int? stock, decimal price = 10m, decimal taxRate = 20m) =>
        factory.CreateProduct(new { name = $"Limited {Guid.NewGuid():N}", price, tax_rate = taxRate, stock, status = "live" });

    /// <summary>Creates a discount through the admin API and returns its id.</summary>
    public static async Task<long> CreateDiscount(this KassaFactory factory, object discount) =>
        (await (await factory.Admin().PostAsJsonAsync($"{VoogApi}/discounts", discount)).Expect(HttpStatusCode.Created)).Id();

    public static async Task PutSettings(this KassaFactory factory, object settings) =>
        await (await factory.Admin().PutAsJsonAsync($"{VoogApi}/settings", settings)).Expect(HttpStatusCode.OK);
}
