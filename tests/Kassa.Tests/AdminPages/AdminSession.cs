using System.Net;
using System.Text.RegularExpressions;

namespace Kassa.Tests.AdminPages;

/// <summary>
/// The admin as a browser without scripts uses it: cookies kept (by hand, so a test can read and copy them), forms posted
/// with the page's antiforgery token, redirects not followed.
/// </summary>
public sealed partial class AdminSession
{
    private readonly HttpClient _client;

    public AdminSession(KassaFactory factory, string? address = null, Uri? baseAddress = null)
    {
        _client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = baseAddress ?? new Uri("http://localhost") });
        if (address is not null) _client.DefaultRequestHeaders.Add(Http.ClientAddressFactory.Header, address);
    }

    /// <summary>The cookies the server set and did not delete, by name.</summary>
    public Dictionary<string, string> Cookies { get; } = [];

    public static async Task<AdminSession> SignedInAsync(KassaFactory factory)
    {
        var session = new AdminSession(factory);
        var answer = await session.PostAsync("/admin/sign-in", "/admin/sign-in", ("key", KassaFactory.AdminKey));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return session;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (Cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await _client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
            foreach (var cookie in set)
            {
                var pair = cookie.Split(';')[0].Split('=', 2);
                if (pair[1].Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) Cookies.Remove(pair[0]);
                else Cookies[pair[0]] = pair[1];
            }
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    /// <summary>Posts the fields as they are, with no token added.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string path, params (string Name, string Value)[] fields) =>
        SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    public async Task<string> PageAsync(string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"GET {path}: {(int)response.StatusCode}\n{html}");
        return html;
    }

    /// <summary>Opens <paramref name="page"/> for its form's token, then posts the fields to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string page, string action, params (string Name, string Value)[] fields)
    {
        var token = Token(await PageAsync(page));
        return await PostRawAsync(action, [.. fields, ("__RequestVerificationToken", token)]);
    }

    /// <summary>The id of what a saved form redirected to (<c>/admin/products/12?saved</c> → 12).</summary>
    public static long SavedId(HttpResponseMessage answer) =>
        long.Parse(answer.Headers.Location!.OriginalString.Split('?')[0].Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

    public static string Token(string html) =>
        TokenInput().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on the page:\n" + html);

    /// <summary>The problem shown under a form field (its <c>data-field</c>), decoded.</summary>
    public static string? ErrorAt(string html, string field)
    {
        var block = Regex.Match(html, $"<div class=\"field[^\"]*\" data-field=\"{Regex.Escape(field)}\">(.*?)</div>", RegexOptions.Singleline);
        if (!block.Success) throw new InvalidOperationException($"No field {field} on the page.");
        var error = Regex.Match(block.Groups[1].Value, "<p class=\"field-error\"[^>]*>(.*?)</p>", RegexOptions.Singleline);
        return error.Success ? WebUtility.HtmlDecode(error.Groups[1].Value) : null;
    }

    /// <summary>
    /// What the page's edit form posts when it is sent untouched: each text input's value, each checked box, each textarea's
    /// text and each select's chosen option (else its first), decoded; not the antiforgery token, which a post adds.
    /// </summary>
    public static (string Name, string Value)[] FormValues(string html)
    {
        var form = Regex.Match(html, "<form method=\"post\" action=\"[^\"]*\" class=\"edit\".*?</form>", RegexOptions.Singleline).Value;
        string? Attribute(string tag, string name) =>
            Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
        var values = new List<(string, string)>();
        foreach (Match input in Regex.Matches(form, "<input [^>]*>"))
        {
            var (type, name) = (Attribute(input.Value, "type"), Attribute(input.Value, "name"));
            if (name is null || type == "hidden" || (type == "checkbox" && !Regex.IsMatch(input.Value, "\\schecked[\\s/>]"))) continue;
            values.Add((name, Attribute(input.Value, "value") ?? ""));
        }
        foreach (Match area in Regex.Matches(form, "<textarea [^>]*name=\"([^\"]+)\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline))
            values.Add((area.Groups[1].Value, WebUtility.HtmlDecode(area.Groups[2].Value)));
        foreach (Match select in Regex.Matches(form, "<select [^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline))
        {
            var options = Regex.Matches(select.Groups[2].Value, "<option [^>]*>");
            var chosen = options.FirstOrDefault(o => Regex.IsMatch(o.Value, "\\sselected[\\s>]")) ?? options.First();
            values.Add((select.Groups[1].Value, Attribute(chosen.Value, "value") ?? ""));
        }
        return [.. values];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
