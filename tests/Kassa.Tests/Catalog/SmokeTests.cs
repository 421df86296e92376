using System.Net;
using Kassa.Tests.Infrastructure;

namespace Kassa.Tests.Catalog;

[Collection(SharedKassa.Surface)]
public sealed class SmokeTests(KassaFactory factory)
{
    [Fact]
    public async Task Ready_and_lists_products()
    {
        var admin = factory.Admin();
        var ready = await admin.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var list = await admin.GetAsync($"{VoogApi}/products");
        var body = await list.Content.ReadAsStringAsync();
        Assert.True(list.IsSuccessStatusCode, body);
        Assert.Contains("Ion drive", body);
    }
}
