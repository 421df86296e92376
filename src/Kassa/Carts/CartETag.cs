using Microsoft.Net.Http.Headers;

namespace Kassa.Carts;

/// <summary>A cart's entity tag is its version: any change to the cart changes it.</summary>
public static class CartETag
{
    public static string Of(Cart cart) => $"\"{cart.Version}\"";

    public static void Write(HttpResponse response, Cart cart) => response.Headers.ETag = Of(cart);

    /// <summary>The tags of an If-Match header, or null when the request has none.</summary>
    public static IReadOnlyList<string>? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0) return null;
        return EntityTagHeaderValue.TryParseList(header, out var tags)
            ? tags.Select(t => t.IsWeak ? "" : t.Tag.ToString()).ToList()
            : [];
    }
}
