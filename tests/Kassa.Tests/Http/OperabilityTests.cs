using System.Net;
using System.Text.Json;
using Kassa.Tests.Catalog;
using Kassa.Tests.Infrastructure;

namespace Kassa.Tests.Http;

[Collection(SharedKassa.Surface)]
public sealed class OperabilityTests(KassaFactory factory)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        var response = await factory.Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_covers_the_admin_catalog_with_schemas()
    {
        var document = await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var paths = document.GetProperty("paths");

        var expected = new Dictionary<string, string[]>
        {
            ["/admin/api/ecommerce/v1/products"] = ["get", "post"],
            ["/admin/api/ecommerce/v1/products/{id}"] = ["get", "put", "delete"],
            ["/admin/api/ecommerce/v1/shipping_methods"] = ["get", "post"],
            ["/admin/api/ecommerce/v1/shipping_methods/{id}"] = ["get", "put", "delete"],
            ["/admin/api/ecommerce/v1/discounts"] = ["get", "post"],
            ["/admin/api/ecommerce/v1/discounts/{id}"] = ["get", "put", "delete"],
            ["/admin/api/ecommerce/v1/settings"] = ["get", "put"],
        };
        foreach (var (path, verbs) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not documented");
            foreach (var verb in verbs)
            {
                Assert.True(item.TryGetProperty(verb, out var operation), $"{verb} {path} is not documented");
                Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), $"{verb} {path} does not document its 401");
            }
        }

        // Request and response bodies point at schemas with the wire fields.
        var post = paths.GetProperty("/admin/api/ecommerce/v1/products").GetProperty("post");
        Assert.Contains("ProductRequest", post.GetProperty("requestBody").ToString());
        Assert.Contains("ProductResponse", post.GetProperty("responses").GetProperty("201").ToString());
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var (schema, fields) in new Dictionary<string, string[]>
                 {
                     ["ProductRequest"] = ["name", "price", "prices", "tax_rate", "stock", "status", "parent_id", "variant_attributes", "translations", "shipping"],
                     ["ProductResponse"] = ["id", "price", "currency", "available", "is_variant", "variant_attributes_text", "created_at"],
                     ["ShippingMethodRequest"] = ["name", "amount", "tax_rate", "options", "enabled", "countries"],
                     ["DiscountRequest"] = ["code", "discount_type", "amount", "applies_to", "valid_from", "valid_to", "status"],
                     ["SettingsResponse"] = ["price_entry_mode", "default_currency", "allowed_currencies", "default_tax_rate", "languages", "custom_fields"],
                 })
        {
            var properties = schemas.GetProperty(schema).GetProperty("properties");
            foreach (var field in fields) Assert.True(properties.TryGetProperty(field, out _), $"{schema}.{field} is not documented");
        }

        // Every request field is optional on the wire (PUT is a partial update), so none is marked required.
        var request = schemas.GetProperty("ProductRequest");
        Assert.True(!request.TryGetProperty("required", out var required) || required.GetArrayLength() == 0, $"ProductRequest marks {request} required");
        Assert.Equal(JsonValueKind.Array, schemas.GetProperty("ProductResponse").GetProperty("required").ValueKind);
    }

    [Fact]
    public async Task The_api_explorer_answers()
    {
        var client = factory.Anonymous();
        var response = await client.GetAsync("/docs");
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.MovedPermanently or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect)
            response = await client.GetAsync(response.Headers.Location);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        // Scalar resolves its source against the site root: /docs/ + "openapi/v1.json" → /openapi/v1.json.
        Assert.Contains("\"url\":\"openapi/v1.json\"", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(response.RequestMessage!.RequestUri!, "scalar.js"))).StatusCode);
    }
}
