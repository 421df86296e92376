using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kassa.Tests.Http;

/// <summary>
/// The OpenAPI document: the copy in clients/typescript is the one Kassa serves (the typed client and the lint in CI
/// work from it), and the document says what each operation reads and answers.
/// </summary>
[Collection(SharedKassa.Surface)]
public sealed partial class OpenApiDocumentTests(KassaFactory factory)
{
    /// <summary>Set to 1 to write the served document over the committed one instead of comparing them.</summary>
    public const string UpdateVariable = "KASSA_UPDATE_OPENAPI";

    public static string CommittedPath => Path.Combine(RepositoryRoot(), "clients", "typescript", "openapi.json");

    [Fact]
    public async Task The_committed_document_is_the_one_Kassa_serves()
    {
        var served = Canonical(await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK));
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, served);
            return;
        }
        var committed = File.Exists(CommittedPath) ? await File.ReadAllTextAsync(CommittedPath) : "";
        Assert.True(served == committed.ReplaceLineEndings("\n"),
            $"{CommittedPath} is not the document Kassa serves. Run scripts/typescript-check.sh --update and commit the changes " +
            $"(it runs this test with {UpdateVariable}=1, then regenerates the client's types).");
    }

    [Fact]
    public async Task The_document_is_made_once_and_then_served_from_the_cache()
    {
        var client = factory.Anonymous();
        var first = await client.GetAsync("/openapi/v1.json");
        var again = await client.GetAsync("/openapi/v1.json");

        Assert.Equal((await first.Expect(HttpStatusCode.OK)).GetRawText(), (await again.Expect(HttpStatusCode.OK)).GetRawText());
        // The output cache stamps what it serves with its age.
        Assert.NotNull(again.Headers.Age);
    }

    [Fact]
    public async Task Every_operation_has_a_readable_unique_id_a_security_and_its_problems()
    {
        var document = await Document();
        var ids = new HashSet<string>();
        foreach (var (path, method, operation) in Operations(document))
        {
            var id = operation["operationId"]?.GetValue<string>();
            Assert.True(id is not null && CamelCase().IsMatch(id), $"{method} {path} has no camelCase operationId: '{id}'");
            Assert.True(ids.Add(id!), $"operationId {id} is used twice");
            Assert.True(operation["security"] is JsonArray { Count: > 0 }, $"{id} does not say whether it needs the admin key");
            var responses = operation["responses"]!.AsObject();
            if (path.Contains('{'))
                Assert.True(responses.ContainsKey("404"), $"{id} takes an id in its path but documents no 404");
            if (operation["requestBody"]?["content"]?["application/json"] is not null && id != "receivePaymentWebhook")
                foreach (var status in new[] { "400", "413", "415", "422" })
                    Assert.True(responses.ContainsKey(status), $"{id} takes a JSON body but documents no {status}");
            foreach (var (status, response) in responses)
                if (status[0] is '4' or '5')
                    Assert.Equal("#/components/schemas/ProblemDetails", response!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
        }
        Assert.True(ids.Count >= 43, $"only {ids.Count} operations");
    }

    [Fact]
    public async Task Admin_operations_and_only_they_require_the_admin_key()
    {
        var document = await Document();
        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal("apiKey", schemes["adminKey"]!["type"]!.GetValue<string>());
        Assert.Equal("header", schemes["adminKey"]!["in"]!.GetValue<string>());
        Assert.Equal("X-API-TOKEN", schemes["adminKey"]!["name"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["adminBearer"]!["scheme"]!.GetValue<string>());

        foreach (var (path, _, operation) in Operations(document))
        {
            var id = operation["operationId"]!.GetValue<string>();
            var requirements = operation["security"]!.AsArray().Select(r => string.Join(",", r!.AsObject().Select(s => s.Key))).ToList();
            var isAdmin = path.StartsWith("/admin/api/webhooks", StringComparison.Ordinal) ||
                          path.StartsWith("/admin/api/ecommerce/v1/", StringComparison.Ordinal) &&
                          !path.StartsWith("/admin/api/ecommerce/v1/carts/", StringComparison.Ordinal) &&
                          !path.StartsWith("/admin/api/ecommerce/v1/invoices/", StringComparison.Ordinal) &&
                          !(path == "/admin/api/ecommerce/v1/carts" && id == "createVoogCart");
            if (isAdmin)
            {
                Assert.Equal(["adminKey", "adminBearer"], requirements);
                Assert.True(operation["responses"]!.AsObject().ContainsKey("401"), $"{id} documents no 401");
            }
            else
            {
                // Anonymous; where the key unlocks more (a client-set price), it is offered as an alternative.
                Assert.Equal("", requirements[0]);
                Assert.False(operation["responses"]!.AsObject().ContainsKey("401"), $"{id} is anonymous but documents a 401");
            }
        }
    }

    [Theory]
    [InlineData("getVoogCart", "query", "include")]
    [InlineData("getVoogCart", "query", "language_code")]
    [InlineData("listOrders", "query", "include")]
    [InlineData("listOrders", "query", "page")]
    [InlineData("listOrders", "query", "per_page")]
    [InlineData("listOrders", "query", "q.order.payment_status.$eq")]
    [InlineData("listProducts", "query", "q.product.name.$cont")]
    [InlineData("listProducts", "query", "q.product.price.$gt")]
    [InlineData("listVoogCarts", "query", "q.cart.created_at.$lt")]
    [InlineData("getInvoice", "query", "language_code")]
    [InlineData("addCartItems", "header", "If-Match")]
    [InlineData("updateVoogCart", "header", "If-Match")]
    [InlineData("updateCheckout", "header", "If-Match")]
    [InlineData("startCheckoutPayment", "header", "Idempotency-Key")]
    [InlineData("createCheckout", "header", "Idempotency-Key")]
    [InlineData("checkOutVoogCart", "header", "Idempotency-Key")]
    [InlineData("receivePaymentWebhook", "header", "Kassa-Signature")]
    public async Task Operations_document_the_parameters_their_handlers_read(string operationId, string location, string name)
    {
        var operation = Operation(await Document(), operationId);
        var parameters = operation["parameters"]?.AsArray() ?? [];
        Assert.Contains(parameters, p => p!["in"]!.GetValue<string>() == location && p["name"]!.GetValue<string>() == name);
    }

    [Theory]
    [InlineData("q.product.name.$gt")]
    [InlineData("q.product.price.$cont")]
    [InlineData("q.product.status.$lt")]
    public async Task Filters_are_documented_only_with_the_operators_their_attribute_takes(string name)
    {
        var parameters = Operation(await Document(), "listProducts")["parameters"]!.AsArray();
        Assert.DoesNotContain(parameters, p => p!["name"]!.GetValue<string>() == name);
    }

    [Theory]
    [InlineData("addCartItems", "409 412")]
    [InlineData("updateVoogCart", "409 412")]
    [InlineData("checkOutVoogCart", "409 412 422 502")]
    [InlineData("startCheckoutPayment", "409 412 422 502")]
    [InlineData("listOrders", "400 401")]
    [InlineData("updateOrder", "401 404 409 422")]
    [InlineData("getCart", "404")]
    [InlineData("createCart", "400 413 415 422")]
    public async Task Operations_document_the_problems_they_give(string operationId, string statuses)
    {
        var responses = Operation(await Document(), operationId)["responses"]!.AsObject();
        foreach (var status in statuses.Split(' ')) Assert.True(responses.ContainsKey(status), $"{operationId} documents no {status}");
    }

    /// <summary>A missing body is a 400 (RequiredBody) except where the endpoint allows none.</summary>
    [Fact]
    public async Task Bodies_are_required_unless_the_endpoint_allows_none()
    {
        var document = await Document();
        Assert.True(Operation(document, "createCart")["requestBody"]!["required"]!.GetValue<bool>());
        Assert.True(Operation(document, "checkOutVoogCart")["requestBody"]!["required"]!.GetValue<bool>());
        Assert.NotEqual(true, Operation(document, "initKlarnaPayment")["requestBody"]!["required"]?.GetValue<bool>());
    }

    [Fact]
    public async Task Cart_answers_document_their_ETag_and_creations_their_Location()
    {
        var document = await Document();
        Assert.NotNull(Operation(document, "getCart")["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(Operation(document, "updateVoogCart")["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(Operation(document, "createVoogCart")["responses"]!["201"]!["headers"]!["Location"]);
        Assert.NotNull(Operation(document, "listProducts")["responses"]!["200"]!["headers"]!["X-Total-Count"]);
    }

    [Fact]
    public async Task Schema_names_are_readable()
    {
        var schemas = (await Document())["components"]!["schemas"]!.AsObject();
        foreach (var (name, _) in schemas)
            Assert.True(ReadableName().IsMatch(name) && !name.Contains("Optional", StringComparison.Ordinal) && !name.EndsWith("Wire", StringComparison.Ordinal),
                $"schema name '{name}' is not readable");
    }

    /// <summary>Partial updates: every field may be left out, null is allowed where it clears, and merge-patched objects say so.</summary>
    [Fact]
    public async Task Request_schemas_are_optional_and_nullable_as_Kassa_accepts_them()
    {
        var schemas = (await Document())["components"]!["schemas"]!;
        var cart = schemas["VoogCartRequest"]!;
        Assert.Null(cart["required"]);
        Assert.Equal("#/components/schemas/VoogCustomerPatch", Ref(cart["properties"]!["customer"]!));
        Assert.Equal("#/components/schemas/VoogAddressPatch", Ref(cart["properties"]!["shipping_address"]!));
        Assert.Contains("null", Types(cart["properties"]!["note"]!));
        Assert.Equal(["array", "null"], Types(cart["properties"]!["items"]!).Order(Comparer<string>.Create(TypeOrder)));

        // Optional<string>: may be left out, but null is refused.
        var product = schemas["ProductRequest"]!;
        Assert.Null(product["required"]);
        Assert.DoesNotContain("null", Types(product["properties"]!["name"]!));
        Assert.Contains("null", Types(product["properties"]!["sku"]!));
        Assert.Equal(["object", "null"], Types(product["properties"]!["prices"]!).Order(Comparer<string>.Create(TypeOrder)));

        // Fields Kassa refuses without are required and not nullable; the rest may be left out.
        var line = schemas["OutshifterLineItemRequest"]!;
        Assert.Equal(["product_id"], line["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.DoesNotContain("null", Types(line["properties"]!["product_id"]!));
        Assert.Equal(["line_items"], schemas["OutshifterAddItemsRequest"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Null(schemas["OutshifterCreateCartRequest"]!["required"]);

        // Seeds send amounts as strings ("unit_price": "323.13"); requests accept both.
        Assert.Equal(["number", "string", "null"], Types(schemas["OutshifterPriceDataRequest"]!["properties"]!["unit_price"]!).Order(Comparer<string>.Create(TypeOrder)));

        var patch = schemas["CheckoutAddressRequestPatch"]!;
        Assert.Null(patch["required"]);
        Assert.Contains("number", Types(patch["properties"]!["zip"]!));
    }

    [Fact]
    public async Task Response_schemas_require_what_is_always_written_and_type_it_exactly()
    {
        var schemas = (await Document())["components"]!["schemas"]!;
        var cart = schemas["VoogCartResponse"]!;
        var required = cart["required"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains("uuid", required);
        Assert.Contains("shipping_method_id", required);
        Assert.DoesNotContain("items", required);
        Assert.DoesNotContain("billing_address", required);
        Assert.Equal(["integer", "null"], Types(cart["properties"]!["shipping_method_id"]!).Order(Comparer<string>.Create(TypeOrder)));
        Assert.Equal(["string"], Types(cart["properties"]!["created_at"]!));
        Assert.Contains("kind", schemas["VoogCartItemResponse"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["number"], Types(schemas["CheckoutResponse"]!["properties"]!["total_line_items_price"]!));
        Assert.Equal(["string", "null"], Types(schemas["DiscountResponse"]!["properties"]!["valid_from"]!).Order(Comparer<string>.Create(TypeOrder)));
    }

    private static int TypeOrder(string a, string b) => Array.IndexOf(TypeNames, a).CompareTo(Array.IndexOf(TypeNames, b));

    private static readonly string[] TypeNames = ["integer", "number", "string", "boolean", "array", "object", "null"];

    private static List<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => t!.GetValue<string>()).ToList(),
        JsonValue one => [one.GetValue<string>()],
        _ => schema["oneOf"]?.AsArray().SelectMany(s => s!["type"] is null ? ["ref"] : Types(s)).ToList() ?? [],
    };

    private static string? Ref(JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() ?? schema["oneOf"]?.AsArray().Select(s => s!["$ref"]?.GetValue<string>()).FirstOrDefault(r => r is not null);

    private async Task<JsonNode> Document() =>
        JsonNode.Parse((await (await factory.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK)).GetRawText())!;

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete")
            .Select(o => (p.Key, o.Key, o.Value!)));

    public static JsonNode Operation(JsonNode document, string operationId) =>
        Operations(document).Single(o => o.Operation["operationId"]?.GetValue<string>() == operationId).Operation;

    /// <summary>Indented, with the same escaping everywhere, so the committed copy diffs readably.</summary>
    public static string Canonical(JsonElement document) =>
        JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kassa.slnx"))) return dir.FullName;
        throw new InvalidOperationException("The tests run outside the repository: no Kassa.slnx above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("^[a-z][A-Za-z]+$")]
    private static partial Regex CamelCase();

    [GeneratedRegex("^[A-Z][A-Za-z]+$")]
    private static partial Regex ReadableName();
}
