using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Kassa.Http;

/// <summary>
/// Makes the document's schemas say what goes over the wire, where the generator, which sees C# types, cannot:
/// <list type="bullet">
/// <item>readable names: no C# generics (<c>OptionalOf…</c>) and no <c>Wire</c> suffix;</item>
/// <item><see cref="Optional{T}"/> is the <c>T</c> it carries, as a property that may be left out; a
/// <see cref="MergePatch{T}"/> is a <c>…Patch</c> schema: every member optional, null clears it;</item>
/// <item>types with Kassa's own converters (exact decimals, millisecond times, string-or-number) get their JSON types;</item>
/// <item>required: in a request, what Kassa refuses without (a non-nullable field, or <see cref="RequiredFieldAttribute"/>);
/// in a response, what is always written (everything but the blocks <c>include=</c> asks for);</item>
/// <item>numbers: a request may send one as a string holding it (the JSON options allow it), a response never does.</item>
/// </list>
/// </summary>
internal sealed class WireSchemas
{
    private const string SchemaIdKey = "x-schema-id";
    private const string DecimalPattern = @"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$";

    /// <summary>The C# type behind each schema name, as the generator asked for names (<see cref="ReferenceId"/>).</summary>
    private readonly ConcurrentDictionary<string, Type> _types = new();

    public string? ReferenceId(JsonTypeInfo info)
    {
        // Wrappers are shown as what they carry; any JSON value needs no name.
        if (IsWrapper(info.Type, out _) || info.Type == typeof(JsonElement)) return null;
        if (OpenApiOptions.CreateDefaultSchemaReferenceId(info) is not { } id) return null;
        if (id.EndsWith("Wire", StringComparison.Ordinal)) id = id[..^"Wire".Length];
        _types[id] = info.Type;
        return id;
    }

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        var json = context.ApplicationServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        return new Pass(this, document, context, json, ct).RunAsync();
    }

    private static bool IsWrapper(Type type, out Type inner)
    {
        inner = type;
        if (!type.IsGenericType) return false;
        var definition = type.GetGenericTypeDefinition();
        if (definition != typeof(Optional<>) && definition != typeof(MergePatch<>)) return false;
        inner = type.GetGenericArguments()[0];
        return true;
    }

    /// <summary>One run over one document.</summary>
    private sealed class Pass(WireSchemas owner, OpenApiDocument document, OpenApiDocumentTransformerContext context, JsonSerializerOptions json, CancellationToken ct)
    {
        private readonly IDictionary<string, IOpenApiSchema> _schemas = (document.Components ??= new OpenApiComponents()).Schemas ??= new Dictionary<string, IOpenApiSchema>();
        private readonly HashSet<string> _rewritten = [];
        private readonly Dictionary<string, (List<string> MustSend, List<string> Demanded, List<string> AlwaysWritten)> _facts = [];
        private readonly NullabilityInfoContext _nullability = new();

        public async Task RunAsync()
        {
            while (_schemas.Keys.FirstOrDefault(id => !_rewritten.Contains(id)) is { } next) await RewriteAsync(next);

            var fromRequests = Reachable(document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
                .SelectMany(o => o.RequestBody?.Content?.Values ?? []).Select(m => m.Schema));
            var fromResponses = Reachable(document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
                .SelectMany(o => o.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>()).SelectMany(r => r.Content?.Values ?? []).Select(m => m.Schema));

            foreach (var (id, facts) in _facts)
            {
                if (_schemas[id] is not OpenApiSchema schema || schema.Properties is null) continue;
                var asRequest = fromRequests.Contains(id);
                var required = asRequest ? facts.MustSend : facts.AlwaysWritten;
                schema.Required = required.Count > 0 ? new HashSet<string>(required) : null;
                if (asRequest)
                    foreach (var name in facts.Demanded) schema.Properties[name] = NotNull(schema.Properties[name]);
                if (fromResponses.Contains(id))
                    foreach (var property in schema.Properties.Values) NumbersAsNumbers(property);
            }

            // A whole object only ever sent as a patch (an Outshifter address) is described by its patch alone.
            var used = Reachable(document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
                .SelectMany(o => (o.RequestBody?.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>())
                    .Concat((o.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>()).SelectMany(r => r.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>())))
                .Select(m => m.Schema));
            foreach (var id in _schemas.Keys.Where(id => !used.Contains(id)).ToList()) _schemas.Remove(id);
        }

        private async Task RewriteAsync(string id)
        {
            if (!_rewritten.Add(id)) return;
            if (!owner._types.TryGetValue(id, out var type) || _schemas[id] is not OpenApiSchema schema || schema.Properties is null) return;
            var info = json.GetTypeInfo(type);
            if (info.Kind != JsonTypeInfoKind.Object) return;

            var facts = (MustSend: new List<string>(), Demanded: new List<string>(), AlwaysWritten: new List<string>());
            foreach (var property in info.Properties)
            {
                if (!schema.Properties.ContainsKey(property.Name)) continue;
                var wire = await PropertyAsync(property);
                if (wire.Schema is not null) schema.Properties[property.Name] = wire.Schema;
                var demanded = property.AttributeProvider?.IsDefined(typeof(RequiredFieldAttribute), false) == true;
                if (demanded) facts.Demanded.Add(property.Name);
                if (demanded || !wire.Optional && !wire.Nullable && property.AssociatedParameter is { HasDefaultValue: false })
                    facts.MustSend.Add(property.Name);
                if (!IsWrittenOnlySometimes(property)) facts.AlwaysWritten.Add(property.Name);
            }
            _facts[id] = facts;
        }

        /// <summary>The property's schema where the generator's is not the wire's (null: keep it), and what it may be.</summary>
        private async Task<(IOpenApiSchema? Schema, bool Optional, bool Nullable)> PropertyAsync(JsonPropertyInfo property)
        {
            var member = property.AttributeProvider as MemberInfo;
            var nullability = member switch
            {
                PropertyInfo p => _nullability.Create(p),
                FieldInfo f => _nullability.Create(f),
                _ => null,
            };
            var type = property.PropertyType;
            var optional = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>);
            if (optional)
            {
                type = type.GetGenericArguments()[0];
                nullability = nullability?.GenericTypeArguments[0];
            }
            var nullable = Nullable.GetUnderlyingType(type) is not null || nullability?.ReadState == NullabilityState.Nullable;
            type = Nullable.GetUnderlyingType(type) ?? type;

            if (property.CustomConverter is StringOrNumberConverter)
                return (new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Number | (nullable ? JsonSchemaType.Null : 0) }, optional, nullable);
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(MergePatch<>))
                return (OrNull(await PatchAsync(type.GetGenericArguments()[0]), nullable), optional, nullable);
            if (optional || Involves(type, typeof(decimal)) || Involves(type, typeof(DateTime)))
                return (OrNull(await SchemaForAsync(type), nullable), optional, nullable);
            return (null, optional, nullable);
        }

        private static bool Involves(Type type, Type leaf) =>
            type == leaf || Nullable.GetUnderlyingType(type) == leaf || type.IsGenericType && type.GetGenericArguments().Any(a => Involves(a, leaf));

        private static bool IsWrittenOnlySometimes(JsonPropertyInfo property) =>
            property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), false).OfType<JsonIgnoreAttribute>()
                .Any(i => i.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true;

        /// <summary>A type's schema as a property holds it: a reference for an object, inline otherwise.</summary>
        private async Task<IOpenApiSchema> SchemaForAsync(Type type)
        {
            if (Nullable.GetUnderlyingType(type) is { } inner) return OrNull(await SchemaForAsync(inner), nullable: true);
            if (type == typeof(decimal))
                return new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.String, Pattern = DecimalPattern };
            if (type == typeof(DateTime)) return new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };
            if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition &&
                (definition == typeof(List<>) || definition == typeof(IReadOnlyList<>)))
                return new OpenApiSchema { Type = JsonSchemaType.Array, Items = await SchemaForAsync(type.GetGenericArguments()[0]) };
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && type.GetGenericArguments()[0] == typeof(string))
                return new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = await SchemaForAsync(type.GetGenericArguments()[1]) };
            return Componentize(await context.GetOrCreateSchemaAsync(type, null, ct));
        }

        /// <summary>Moves every named schema in <paramref name="schema"/> to the components and refers to it there.</summary>
        private IOpenApiSchema Componentize(IOpenApiSchema schema)
        {
            if (schema is not OpenApiSchema inline) return schema;
            if (inline.Items is not null) inline.Items = Componentize(inline.Items);
            if (inline.AdditionalProperties is not null) inline.AdditionalProperties = Componentize(inline.AdditionalProperties);
            if (inline.Properties is not null)
                foreach (var name in inline.Properties.Keys.ToList()) inline.Properties[name] = Componentize(inline.Properties[name]);
            if (inline.OneOf is not null) inline.OneOf = inline.OneOf.Select(Componentize).ToList();
            if (inline.AnyOf is not null) inline.AnyOf = inline.AnyOf.Select(Componentize).ToList();
            if (inline.Metadata?.TryGetValue(SchemaIdKey, out var value) != true || value is not string { Length: > 0 } id) return inline;
            _schemas.TryAdd(id, inline);
            return new OpenApiSchemaReference(id, document);
        }

        /// <summary>The <c>…Patch</c> schema of <paramref name="type"/>: its members, each optional and nullable.</summary>
        private async Task<IOpenApiSchema> PatchAsync(Type type)
        {
            if (await SchemaForAsync(type) is not OpenApiSchemaReference whole || whole.Reference.Id is not { } wholeId)
                throw new InvalidOperationException($"{type.Name} has no schema of its own to patch.");
            var id = wholeId + "Patch";
            if (!_schemas.ContainsKey(id))
            {
                await RewriteAsync(wholeId);
                var members = ((OpenApiSchema)_schemas[wholeId]).Properties ?? new Dictionary<string, IOpenApiSchema>();
                _schemas[id] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "A JSON Merge Patch (RFC 7396): a member left out keeps its stored value, a member sent as null clears it.",
                    Properties = members.ToDictionary(m => m.Key, m => OrNull(m.Value, nullable: true)),
                };
                _rewritten.Add(id);
            }
            return new OpenApiSchemaReference(id, document);
        }

        private static IOpenApiSchema OrNull(IOpenApiSchema schema, bool nullable)
        {
            if (!nullable) return schema;
            if (schema is OpenApiSchemaReference) return new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, schema] };
            if (schema is OpenApiSchema { Type: { } type } inline && !type.HasFlag(JsonSchemaType.Null))
                return Retyped(inline, type | JsonSchemaType.Null);
            return schema;
        }

        private static IOpenApiSchema NotNull(IOpenApiSchema schema) => schema switch
        {
            OpenApiSchema { OneOf: [OpenApiSchema { Type: JsonSchemaType.Null }, var only] } => only,
            OpenApiSchema { Type: { } type } inline when type.HasFlag(JsonSchemaType.Null) => Retyped(inline, type & ~JsonSchemaType.Null),
            _ => schema,
        };

        /// <summary>A copy with another type: the original may be shared (a patch's members are the whole object's).</summary>
        private static OpenApiSchema Retyped(OpenApiSchema schema, JsonSchemaType type)
        {
            var copy = (OpenApiSchema)schema.CreateShallowCopy();
            copy.Type = type;
            return copy;
        }

        /// <summary>Kassa writes numbers as JSON numbers: the "or a string holding one" of requests does not apply.</summary>
        private static void NumbersAsNumbers(IOpenApiSchema schema)
        {
            if (schema is not OpenApiSchema inline) return;
            if (inline.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0)
            {
                inline.Type = type & ~JsonSchemaType.String;
                inline.Pattern = null;
            }
            if (inline.Items is not null) NumbersAsNumbers(inline.Items);
            if (inline.AdditionalProperties is not null) NumbersAsNumbers(inline.AdditionalProperties);
            foreach (var part in (inline.OneOf ?? []).Concat(inline.AnyOf ?? [])) NumbersAsNumbers(part);
        }

        /// <summary>The names of the component schemas <paramref name="roots"/> lead to.</summary>
        private HashSet<string> Reachable(IEnumerable<IOpenApiSchema?> roots)
        {
            var found = new HashSet<string>();
            var pending = new Stack<IOpenApiSchema>(roots.OfType<IOpenApiSchema>());
            while (pending.TryPop(out var schema))
            {
                if (schema is OpenApiSchemaReference { Reference.Id: { } id })
                {
                    if (found.Add(id) && _schemas.TryGetValue(id, out var target)) pending.Push(target);
                    continue;
                }
                if (schema is not OpenApiSchema inline) continue;
                foreach (var part in new[] { inline.Items, inline.AdditionalProperties }.OfType<IOpenApiSchema>()
                             .Concat(inline.Properties?.Values ?? []).Concat(inline.OneOf ?? []).Concat(inline.AnyOf ?? []).Concat(inline.AllOf ?? []))
                    pending.Push(part);
            }
            return found;
        }
    }
}
