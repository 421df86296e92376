using System.Net;
using System.Net.Http.Headers;
using Kassa.Tests.Catalog;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Catalog.CatalogApi;

namespace Kassa.Tests.Http;

/// <summary>The admin surface answers only to the configured key, and never opens without one.</summary>
public sealed class AdminAccessTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    /// <summary>Admin requests of every shape; the ones with bodies would be 400/422 for an admin, so a 401 proves the key is checked first.</summary>
    public static TheoryData<string, string, string?> AdminRequests => new()
    {
        { "GET", ProductsPath, null },
        { "GET", $"{ProductsPath}/1", null },
        { "POST", ProductsPath, """{"name":"x","price":1}""" },
        { "POST", ProductsPath, """{"name":""" },
        { "POST", ProductsPath, "" },
        { "PUT", $"{ProductsPath}/1", """{"price":-1}""" },
        { "DELETE", $"{ProductsPath}/1", null },
        { "DELETE", $"{ProductsPath}/987654", null },
        { "GET", ShippingPath, null },
        { "POST", ShippingPath, """{"name":"S","amount":1}""" },
        { "PUT", $"{ShippingPath}/1", """{"amount":"x"}""" },
        { "DELETE", $"{ShippingPath}/2", null },
        { "GET", $"{DiscountsPath}?per_page=999", null },
        { "POST", DiscountsPath, """{"code":"xmas","amount":1}""" },
        { "DELETE", $"{DiscountsPath}/1", null },
        { "GET", SettingsPath, null },
        { "PUT", SettingsPath, """{"default_tax_rate":0}""" },
    };

    private static HttpRequestMessage Request(string method, string path, string? body, Action<HttpRequestHeaders>? headers = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = Json(body);
        headers?.Invoke(request.Headers);
        return request;
    }

    private async Task Refused(HttpResponseMessage response, string expectedDetail)
    {
        var problem = await response.ExpectProblem(HttpStatusCode.Unauthorized, title: "Unauthorized");
        Assert.Contains(expectedDetail, problem.GetProperty("detail").GetString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [MemberData(nameof(AdminRequests))]
    public async Task Without_a_key_every_admin_call_is_401_and_changes_nothing(string method, string path, string? body)
    {
        var before = await factory.Snapshot();
        await Refused(await factory.Anonymous().SendAsync(Request(method, path, body)), "X-API-TOKEN");
        Assert.Equal(before, await factory.Snapshot());
    }

    [Theory]
    [MemberData(nameof(AdminRequests))]
    public async Task A_wrong_key_is_401_and_changes_nothing(string method, string path, string? body)
    {
        var before = await factory.Snapshot();
        await Refused(await factory.Anonymous().SendAsync(Request(method, path, body, h => h.Add("X-API-TOKEN", "wrong-key"))), "X-API-TOKEN");
        await Refused(await factory.Anonymous().SendAsync(Request(method, path, body, h => h.Authorization = new("Bearer", "wrong-key"))), "X-API-TOKEN");
        Assert.Equal(before, await factory.Snapshot());
    }

    [Theory]
    [InlineData("X-API-TOKEN", KassaFactory.AdminKey)]
    [InlineData("Authorization", "Bearer " + KassaFactory.AdminKey)]
    [InlineData("Authorization", "bearer " + KassaFactory.AdminKey)]
    [InlineData("Authorization", "Bearer   " + KassaFactory.AdminKey + "  ")]
    public async Task The_key_is_accepted_in_either_header(string header, string value)
    {
        var client = factory.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation(header, value);

        var products = await (await client.GetAsync(ProductsPath)).Expect(HttpStatusCode.OK);
        Assert.Contains(IonDrive, products.Ids());
        var created = await client.PostJson(DiscountsPath, $$"""{"code":"HDR-{{Guid.NewGuid():N}}","amount":1}""");
        await created.Expect(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("X-API-TOKEN", "TEST-ADMIN-KEY-0123456789")] // case matters
    [InlineData("X-API-TOKEN", "test-admin-key-012345678")] // a prefix is not the key
    [InlineData("X-API-TOKEN", "test-admin-key-0123456789x")]
    [InlineData("Authorization", "Basic dGVzdC1hZG1pbi1rZXktMDEyMzQ1Njc4OQ==")] // only Bearer
    [InlineData("Authorization", "Bearer")]
    [InlineData("Authorization", KassaFactory.AdminKey)] // no scheme
    [InlineData("X-Api-Key", KassaFactory.AdminKey)] // not a header Kassa reads
    public async Task Near_misses_are_refused(string header, string value)
    {
        var client = factory.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
        await Refused(await client.GetAsync(SettingsPath), "X-API-TOKEN");
    }

    [Fact]
    public async Task Storefront_and_operational_endpoints_stay_open()
    {
        var anonymous = factory.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        await (await anonymous.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
    }
}

/// <summary>A Kassa started without Kassa__AdminApiKey keeps its admin surface shut, whatever is sent.</summary>
public sealed class NoAdminKeyConfiguredTests : IAsyncLifetime
{
    private readonly KassaFactory _factory = new KassaFactory().With("Kassa:AdminApiKey", "");

    public Task InitializeAsync() => _factory.InitializeAsync();

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(KassaFactory.AdminKey)]
    [InlineData("anything")]
    public async Task Every_admin_call_is_401_and_says_how_to_configure_the_key(string? key)
    {
        var before = await _factory.Snapshot();
        foreach (var (method, path, body) in AdminAccessTests.AdminRequests.Select(row => ((string)row[0], (string)row[1], (string?)row[2])))
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null) request.Content = Json(body);
            if (key is not null)
            {
                request.Headers.TryAddWithoutValidation("X-API-TOKEN", key);
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
            }

            var response = await _factory.Anonymous().SendAsync(request);

            var problem = await response.ExpectProblem(HttpStatusCode.Unauthorized, title: "Unauthorized");
            var detail = problem.GetProperty("detail").GetString();
            Assert.Contains("Kassa__AdminApiKey", detail);
            Assert.Contains("no admin key is configured", detail);
        }
        Assert.Equal(before, await _factory.Snapshot());
    }
}
