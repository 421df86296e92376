using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Kassa.Tests.Infrastructure;

/// <summary>
/// Gives every test host's JSON options the same resolver object. System.Text.Json shares the metadata it works out
/// for each type between option sets that are alike, but a resolver is alike only when it is the same object, and
/// ASP.NET Core binds a chain of resolvers to each host's options. Combined once per list of resolvers, the hosts of
/// this process describe each wire type once instead of once each. Two source-generated contexts of one type are the
/// same resolver (a context describes a type for the options it is asked with, not its own), which ASP.NET Core makes
/// anew for each host's problem details.
/// </summary>
internal static class SharedResolvers
{
    private static readonly List<(IJsonTypeInfoResolver[] Parts, IJsonTypeInfoResolver Combined)> Known = [];

    public static void Use(JsonSerializerOptions json)
    {
        var parts = json.TypeInfoResolverChain.ToArray();
        lock (Known)
        {
            var known = Known.Find(k => k.Parts.Length == parts.Length && k.Parts.Zip(parts).All(p => Same(p.First, p.Second)));
            if (known.Combined is null)
            {
                known = (parts, JsonTypeInfoResolver.Combine(parts));
                Known.Add(known);
            }
            json.TypeInfoResolver = known.Combined;
        }
    }

    private static bool Same(IJsonTypeInfoResolver a, IJsonTypeInfoResolver b) =>
        ReferenceEquals(a, b) || (a is System.Text.Json.Serialization.JsonSerializerContext && a.GetType() == b.GetType());
}
