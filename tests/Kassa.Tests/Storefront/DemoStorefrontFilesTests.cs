using System.Net;

namespace Kassa.Tests.Storefront;

/// <summary>
/// Kassa serves the demo storefront's files at "/" (src/Kassa/wwwroot) beside its API; Kassa.BrowserTests drive
/// the page itself in Chromium.
/// </summary>
[Collection(SharedKassa.Surface)]
public sealed class DemoStorefrontFilesTests(KassaFactory factory)
{
    [Theory]
    [InlineData("/", "text/html", "<script type=\"module\" src=\"js/storefront.js\"></script>")]
    [InlineData("/index.html", "text/html", "Kassa demo storefront")]
    [InlineData("/storefront.css", "text/css", ".field-error")]
    [InlineData("/js/storefront.js", "text/javascript", "import { Kassa } from \"./kassa.js\";")]
    [InlineData("/js/kassa.js", "text/javascript", "/admin/api/ecommerce/v1/carts")]
    [InlineData("/js/ui.js", "text/javascript", "export function showProblem")]
    public async Task The_storefront_files_are_served(string path, string mediaType, string content)
    {
        var answer = await factory.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(mediaType, answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, await answer.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/store", "application/json")]
    [InlineData("/health/live", "text/plain")]
    [InlineData("/openapi/v1.json", "application/json")]
    public async Task The_api_beside_them_answers_as_before(string path, string mediaType)
    {
        var answer = await factory.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(mediaType, answer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_path_is_still_a_404()
    {
        var answer = await factory.Anonymous().GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }
}
