using System.Globalization;

namespace Kassa.Http;

/// <summary>The 429 of the per-client limits and the admin lockout: problem+json with <c>Retry-After</c> in whole seconds.</summary>
public static class TooManyRequests
{
    public static Task WriteAsync(HttpContext http, TimeSpan retryAfter, Func<int, string> detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail(seconds), statusCode: StatusCodes.Status429TooManyRequests, title: "Too Many Requests").ExecuteAsync(http);
    }
}
