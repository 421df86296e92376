using System.Globalization;
using Kassa.Validation;

namespace Kassa.Http;

/// <summary>Voog-style paging: <c>page</c> from 1, <c>per_page</c> 1–250, default 50.</summary>
public readonly record struct Paging(int Page, int PerPage)
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 250;

    public int Skip => (Page - 1) * PerPage;

    /// <summary>Reads page and per_page; an out-of-range value is a 400, not silently clamped.</summary>
    public static Paging From(HttpRequest request)
    {
        var errors = new FieldErrors();
        var page = Read(request, "page", 1, 1, int.MaxValue / MaxPerPage, errors);
        var perPage = Read(request, "per_page", DefaultPerPage, 1, MaxPerPage, errors);
        errors.ThrowIfAnyAsBadQuery();
        return new Paging(page, perPage);
    }

    private static int Read(HttpRequest request, string name, int fallback, int min, int max, FieldErrors errors)
    {
        if (!request.Query.TryGetValue(name, out var raw) || string.IsNullOrEmpty(raw)) return fallback;
        if (raw.Count == 1 && int.TryParse(raw[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        errors.Add(name, $"{name} must be a whole number from {min} to {max}; got '{raw}'.");
        return fallback;
    }

    /// <summary>Sets X-Total-Count and an RFC 8288 Link header with the neighbouring pages.</summary>
    public void WriteHeaders(HttpContext http, int total)
    {
        http.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        var lastPage = Math.Max(1, (total + PerPage - 1) / PerPage);
        var links = new List<string>();
        if (Page < lastPage) links.Add(Link(http.Request, Page + 1, "next"));
        if (Page > 1) links.Add(Link(http.Request, Math.Min(Page - 1, lastPage), "prev"));
        links.Add(Link(http.Request, 1, "first"));
        links.Add(Link(http.Request, lastPage, "last"));
        http.Response.Headers.Link = string.Join(", ", links);
    }

    private string Link(HttpRequest request, int page, string rel)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        query["page"] = page.ToString(CultureInfo.InvariantCulture);
        query["per_page"] = PerPage.ToString(CultureInfo.InvariantCulture);
        var qs = string.Join("&", query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
        return $"<{request.PathBase}{request.Path}?{qs}>; rel=\"{rel}\"";
    }
}
