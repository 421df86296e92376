using System.Net;
using System.Text.Json;

namespace Kassa.Tests.Storefront;

/// <summary>What the public catalog tests share: paths, reads with their headers, and a look at every property name.</summary>
internal static class StorefrontTestApi
{
    public const string Products = "/api/products";
    public const string Store = "/api/store";
    public const string Admin = "/admin/api/ecommerce/v1";

    /// <summary>A GET that must answer 200, with its body and the response for its headers.</summary>
    public static async Task<(JsonElement Body, HttpResponseMessage Response)> Read(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return (await response.Expect(HttpStatusCode.OK), response);
    }

    /// <summary>A GET with <c>If-None-Match</c>, sent as given.</summary>
    public static Task<HttpResponseMessage> Conditional(HttpClient client, string path, string ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return client.SendAsync(request);
    }

    public static IReadOnlyList<long> Ids(this JsonElement list) => list.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToList();

    public static JsonElement WithId(this JsonElement list, long id) => list.EnumerateArray().Single(p => p.GetProperty("id").GetInt64() == id);

    public static string Text(this JsonElement e, string property) => e.GetProperty(property).GetString()!;

    public static decimal Amount(this JsonElement e, string property) =>
        decimal.Parse(e.GetProperty(property).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every property name at any depth.</summary>
    public static IEnumerable<string> PropertyNames(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : "";
}
