using Microsoft.OpenApi;

namespace Kassa.Http;

public static class OpenApiSetup
{
    public static IServiceCollection AddKassaOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Kassa",
                    Version = "v1",
                    Description = "Headless cart and checkout: an Outshifter-style Cart & Checkout API under /api and the Voog Ecommerce v1 API under /admin/api/ecommerce/v1.",
                };
                return Task.CompletedTask;
            });
            // Optional<T> and MergePatch<T> are request-only wrappers; document them as the T they carry.
            options.AddSchemaTransformer(async (schema, context, ct) =>
            {
                var type = context.JsonTypeInfo.Type;
                if (!type.IsGenericType || (type.GetGenericTypeDefinition() != typeof(Optional<>) && type.GetGenericTypeDefinition() != typeof(MergePatch<>))) return;
                var inner = await context.GetOrCreateSchemaAsync(type.GetGenericArguments()[0], null, ct);
                schema.Type = inner.Type;
                schema.Format = inner.Format;
                schema.Properties = inner.Properties;
                schema.Items = inner.Items;
                schema.AdditionalProperties = inner.AdditionalProperties;
                schema.Pattern = inner.Pattern;
                schema.Required = inner.Required;
            });
            // An Optional<T> property may be left out (that is what partial updates are), so it is never required.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (schema.Required is { Count: > 0 } required)
                {
                    foreach (var property in context.JsonTypeInfo.Properties)
                    {
                        var type = property.PropertyType;
                        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>)) required.Remove(property.Name);
                    }
                }
                return Task.CompletedTask;
            });
        });
}
