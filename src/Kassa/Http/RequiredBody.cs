using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Kassa.Validation;

namespace Kassa.Http;

/// <summary>An endpoint that needs a JSON object got an empty body or a bare <c>null</c>.</summary>
public sealed class MissingBodyException()
    : DomainException(StatusCodes.Status400BadRequest, "Bad Request", "The request needs a JSON object as its body.",
        new Dictionary<string, string[]> { ["body"] = ["A JSON object is required; the body was empty or null."] });

/// <summary>
/// Every endpoint that takes a JSON body needs a JSON object there: a missing body or a bare <c>null</c> is a
/// <see cref="MissingBodyException"/> on all of them alike. Minimal APIs bind a missing or <c>null</c> body to null
/// when the parameter is nullable (or generic, where they cannot tell) and refuse it with their own text otherwise;
/// this check covers the first case and <see cref="ProblemExceptionHandler"/> words the second the same way.
/// An endpoint whose body is optional says so on its parameter: <c>[FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)]</c>.
/// </summary>
public static class RequiredBody
{
    /// <summary>Adds the check to every endpoint of <paramref name="builder"/> that takes a JSON body.</summary>
    public static TBuilder RequireBodies<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // A group convention runs before the endpoint's body parameter is known; the filter factory runs after.
        builder.Add(endpoint => endpoint.FilterFactories.Add((context, next) => Filter(endpoint.Metadata, context, next)));
        return builder;
    }

    private static EndpointFilterDelegate Filter(IList<object> metadata, EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        if (metadata.OfType<IAcceptsMetadata>().FirstOrDefault(a => a.RequestType is not null)?.RequestType is not { } bodyType) return next;
        var parameters = context.MethodInfo.GetParameters();
        var index = Array.FindIndex(parameters, p => (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) == bodyType);
        if (index < 0 || parameters[index].GetCustomAttributes().OfType<IFromBodyMetadata>().Any(b => b.AllowEmpty)) return next;
        return invocation => invocation.Arguments[index] is null ? throw new MissingBodyException() : next(invocation);
    }
}
