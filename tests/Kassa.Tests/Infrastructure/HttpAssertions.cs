using System.Net;
using System.Text.Json;

namespace Kassa.Tests.Infrastructure;

/// <summary>Assertions on Kassa's answers, shared by every API test.</summary>
public static class HttpAssertions
{
    /// <summary>Asserts the status and returns the body; the request and body are shown when the status is wrong.</summary>
    public static async Task<JsonElement> Expect(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Asserts an RFC 9457 problem: the status (in the response and the body), the media type and a title;
    /// when given, the exact title, a <paramref name="field"/> named in <c>errors</c> with messages, and
    /// <paramref name="text"/> in that field's messages (or, without a field, anywhere in the problem).
    /// </summary>
    public static async Task<JsonElement> ExpectProblem(
        this HttpResponseMessage response, HttpStatusCode status, string? field = null, string? text = null, string? title = null)
    {
        var body = await response.Expect(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        var actualTitle = body.GetProperty("title").GetString();
        Assert.False(string.IsNullOrWhiteSpace(actualTitle));
        if (title is not null) Assert.Equal(title, actualTitle);
        if (field is not null)
        {
            Assert.True(body.TryGetProperty("errors", out var errors), $"No 'errors' in {body}");
            Assert.True(errors.TryGetProperty(field, out var messages), $"'{field}' is not named in errors: {errors}");
            Assert.True(messages.GetArrayLength() > 0);
            Assert.All(messages.EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
            if (text is not null)
                Assert.Contains(text, string.Join(" ", messages.EnumerateArray().Select(m => m.GetString())), StringComparison.OrdinalIgnoreCase);
        }
        else if (text is not null)
        {
            Assert.Contains(text, string.Join(" ", Strings(body)), StringComparison.OrdinalIgnoreCase);
        }
        return body;
    }

    /// <summary>Every string value in a JSON document, unescaped.</summary>
    public static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}
