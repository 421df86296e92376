namespace Kassa.Validation;

/// <summary>
/// A failure the client can act on. Thrown anywhere in the core; <see cref="ProblemExceptionHandler"/>
/// is the one place that turns it into an RFC 9457 problem.
/// </summary>
public class DomainException(int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;
    /// <summary>Extra members of the problem object (e.g. the current price of a product).</summary>
    public Dictionary<string, object?> Extensions { get; } = new();
}

public sealed class NotFoundException(string what, object id)
    : DomainException(StatusCodes.Status404NotFound, "Not Found", $"{what} '{id}' does not exist.");

public sealed class ConflictException(string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    : DomainException(StatusCodes.Status409Conflict, "Conflict", detail, errors);

public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors, string? detail = null)
    : DomainException(StatusCodes.Status422UnprocessableEntity, "Validation failed",
        detail ?? "One or more fields are invalid; see 'errors'.", errors);

/// <summary>Malformed query parameters: the request cannot be understood as sent.</summary>
public sealed class BadQueryException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException(StatusCodes.Status400BadRequest, "Bad Request", "One or more query parameters are invalid; see 'errors'.", errors);

public sealed class PreconditionFailedException(string detail)
    : DomainException(StatusCodes.Status412PreconditionFailed, "Precondition Failed", detail);
