namespace Kassa.Http;

/// <summary>An endpoint that needs a JSON object got an empty body or a bare <c>null</c>.</summary>
public sealed class MissingBodyException()
    : DomainException(StatusCodes.Status400BadRequest, "Bad Request", "The request needs a JSON object as its body.",
        new Dictionary<string, string[]> { ["body"] = ["A JSON object is required; the body was empty or null."] });

public static class RequiredBody
{
    /// <summary>
    /// The bound body, or a 400 when there is none. Minimal APIs bind an empty body or a JSON
    /// <c>null</c> to null whenever they cannot tell the parameter is non-nullable (generic handlers).
    /// </summary>
    public static T Require<T>(T? body) where T : class => body ?? throw new MissingBodyException();
}
