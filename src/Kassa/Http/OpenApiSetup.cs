using Microsoft.OpenApi;

namespace Kassa.Http;

/// <summary>
/// The OpenAPI document at /openapi/v1.json. The generator describes the endpoints and their C# types;
/// <see cref="OpenApiOperations"/> adds what the endpoints read and answer beyond those, and <see cref="WireSchemas"/>
/// makes the schemas say what goes over the wire. clients/typescript holds a copy, checked to be current by the tests.
/// </summary>
public static class OpenApiSetup
{
    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Outshifter: cart"] = "Carts in the Outshifter style: anonymous, a cart is reached by its id.",
        ["Outshifter: checkout"] = "The Outshifter checkout of a cart: contact, addresses, shipping, then payment.",
        ["Voog: carts"] = "Carts in the Voog Ecommerce v1 style: net-price maths, tax breakdown, discounts, shipping, custom fields. Anonymous by uuid; the list is admin-only.",
        ["Voog: orders"] = "Orders: placed by either dialect's checkout, listed and moved along their states by the shop (admin).",
        ["Catalog: products"] = "The shop's products and variants (admin).",
        ["Catalog: shipping methods"] = "The shop's shipping methods (admin).",
        ["Catalog: discounts"] = "The shop's discount codes (admin).",
        ["Store settings"] = "Currency, price entry mode, languages and custom fields (admin).",
        ["Payments"] = "Payment results from providers, and Klarna's widget flow.",
    };

    /// <summary>The output-cache policy of the document: it changes only with the build.</summary>
    private const string DocumentCache = "openapi-document";

    public static IServiceCollection AddKassaOpenApi(this IServiceCollection services)
    {
        var wire = new WireSchemas();
        // The generator makes the document anew on every request, at a few hundred milliseconds of CPU, for anyone who asks.
        services.AddOutputCache(cache => cache.AddPolicy(DocumentCache, policy => policy.Expire(TimeSpan.FromDays(365))));
        return services.AddOpenApi(options =>
        {
            options.CreateSchemaReferenceId = wire.ReferenceId;
            options.AddOperationTransformer(OpenApiOperations.TransformAsync);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Kassa",
                    Version = "v1",
                    Description = "Headless cart and checkout: an Outshifter-style Cart & Checkout API under /api and the Voog Ecommerce v1 API under /admin/api/ecommerce/v1.",
                };
                // The document is served by the Kassa it describes; a relative server keeps it the same wherever that runs.
                document.Servers = [new OpenApiServer { Url = "/", Description = "The Kassa that serves this document" }];
                document.Tags = new HashSet<OpenApiTag>(TagDescriptions.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
                var components = document.Components ??= new OpenApiComponents();
                components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [OpenApiOperations.AdminKeyScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey,
                        In = ParameterLocation.Header,
                        Name = "X-API-TOKEN",
                        Description = "The admin key (Kassa__AdminApiKey).",
                    },
                    [OpenApiOperations.AdminBearerScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        Description = "The admin key (Kassa__AdminApiKey) as a bearer token.",
                    },
                };
                (components.Schemas ??= new Dictionary<string, IOpenApiSchema>())[OpenApiOperations.ProblemSchema] = ProblemSchema();
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer(wire.TransformAsync);
        });
    }

    /// <summary>Serves the document at <c>/openapi/{documentName}.json</c>, made once per process (<see cref="DocumentCache"/>).</summary>
    public static void MapKassaOpenApi(this WebApplication app)
    {
        app.UseOutputCache();
        app.MapOpenApi("/openapi/{documentName}.json").CacheOutput(DocumentCache);
    }

    /// <summary>An RFC 9457 problem as <see cref="ProblemExceptionHandler"/> and the framework write it.</summary>
    private static OpenApiSchema ProblemSchema()
    {
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem. Other members may carry more (e.g. `current_prices` when a sent price is not the catalog's).",
            Required = new HashSet<string> { "title", "status" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("A URI that names the kind of problem."),
                ["title"] = Text("A short summary of the kind of problem."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "The HTTP status code." },
                ["detail"] = Text("What went wrong in this request, and what to do about it."),
                ["instance"] = Text("The request the problem is about."),
                ["trace_id"] = Text("The request's trace id, as the log shows it."),
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Per field (a JSON path such as `line_items[0].quantity`, or `body`): what is wrong with it.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
            // Any other member is allowed (an empty schema: anything).
            AdditionalProperties = new OpenApiSchema(),
        };
    }
}
