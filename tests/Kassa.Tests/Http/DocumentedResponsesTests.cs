using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Kassa.Tests.Http;

/// <summary>The checker behind <see cref="OpenApiResponseConformanceTests"/> refuses what does not fit the document.</summary>
public sealed class DocumentedResponsesTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""
        {"paths":{"/things/{id}":{"get":{"operationId":"getThing","responses":{"200":{"description":"OK",
          "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}}},
         "components":{"schemas":{"Thing":{"type":"object","required":["id","at"],"properties":{
           "id":{"type":"string","format":"uuid"},"at":{"type":"string","format":"date-time"},
           "count":{"type":["integer","null"]},"part":{"oneOf":[{"type":"null"},{"$ref":"#/components/schemas/Part"}]},
           "tags":{"type":"array","items":{"type":"string","enum":["a","b"]}},"free":{"type":"object","additionalProperties":{}}}},
           "Part":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}}}}
        """)!;

    private const string Id = "2f1b6b8e-2d2a-4b8e-9a39-3c1f3f5b6f10";

    [Theory]
    [InlineData($$$"""{"id":"{{{Id}}}","at":"2026-11-23T10:00:00Z"}""")]
    [InlineData($$$"""{"id":"{{{Id}}}","at":"2026-11-23T10:00:00Z","count":null,"part":{"name":"x"},"tags":["a"],"free":{"any":[1]}}""")]
    public async Task An_answer_that_fits_passes(string body)
    {
        await new DocumentedResponses(Document).Check(Answer(HttpStatusCode.OK, body));
    }

    [Theory]
    [InlineData($$$"""{"at":"2026-11-23T10:00:00Z"}""", "required 'id' is missing")]
    [InlineData($$$"""{"id":"{{{Id}}}","at":"2026-11-23T10:00:00Z","extra":1}""", "'extra' is not documented")]
    [InlineData($$$"""{"id":"{{{Id}}}","at":"2026-11-23T10:00:00Z","count":"3"}""", "$.count: is string")]
    [InlineData($$$"""{"id":"{{{Id}}}","at":"2026-11-23T10:00:00Z","count":1.5}""", "$.count: is number")]
    [InlineData($$$"""{"id":"{{{Id}}}","at":"2026-11-23T10:00:00Z","part":{}}""", "fits none of oneOf")]
    [InlineData($$$"""{"id":"{{{Id}}}","at":"2026-11-23T10:00:00Z","tags":["c"]}""", "is not one of")]
    [InlineData($$$"""{"id":"not-a-uuid","at":"2026-11-23T10:00:00Z"}""", "is not a uuid")]
    [InlineData($$$"""{"id":"{{{Id}}}","at":"yesterday"}""", "is not a date-time")]
    public async Task An_answer_that_does_not_fit_fails_and_says_where(string body, string message)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => new DocumentedResponses(Document).Check(Answer(HttpStatusCode.OK, body)));
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_undocumented_status_or_header_fails()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => new DocumentedResponses(Document).Check(Answer(HttpStatusCode.NotFound, "{}")));
        Assert.Contains("is not documented", failure.Message, StringComparison.Ordinal);

        var tagged = Answer(HttpStatusCode.OK, $$$"""{"id":"{{{Id}}}","at":"2026-11-23T10:00:00Z"}""");
        tagged.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"1\"");
        failure = await Assert.ThrowsAnyAsync<Exception>(() => new DocumentedResponses(Document).Check(tagged));
        Assert.Contains("sends ETag", failure.Message, StringComparison.Ordinal);
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string body) => new(status)
    {
        RequestMessage = new HttpRequestMessage(HttpMethod.Get, "http://localhost/things/1"),
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
    };
}
