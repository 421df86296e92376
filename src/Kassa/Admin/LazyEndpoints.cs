using Microsoft.AspNetCore.Antiforgery;

namespace Kassa.AdminPages;

/// <summary>
/// Maps the admin's pages and forms so that nothing of theirs is built at start-up: routing builds every minimal-API
/// handler (RequestDelegateFactory) when the first request arrives, whatever it asks for, which would add the admin's
/// handlers to the API's cold start. Here each route is a plain request delegate, and its handler is built on the first
/// request that reaches it. The session check runs first (no session: off to sign in); a form's antiforgery token is
/// required by metadata, checked by the antiforgery middleware and enforced when the handler reads the form.
/// </summary>
public sealed class LazyEndpoints(IEndpointRouteBuilder routes, bool needsSession)
{
    public LazyEndpoints Get(string pattern, Delegate handler) => Map(HttpMethods.Get, pattern, handler);

    public LazyEndpoints Post(string pattern, Delegate handler) => Map(HttpMethods.Post, pattern, handler);

    private LazyEndpoints Map(string method, string pattern, Delegate handler)
    {
        RequestDelegate? built = null;
        var endpoint = routes.MapMethods(pattern, [method], (RequestDelegate)(async http =>
        {
            if (needsSession && !await http.RequestServices.GetRequiredService<AdminSessions>().IsSignedInAsync(http))
            {
                http.Response.Redirect("/admin/sign-in");
                return;
            }
            built ??= RequestDelegateFactory.Create(handler, new RequestDelegateFactoryOptions
            {
                ServiceProvider = http.RequestServices,
                ThrowOnBadRequest = true,
            }).RequestDelegate;
            await built(http);
        }));
        if (method == HttpMethods.Post) endpoint.WithMetadata(new RequireAntiforgeryTokenAttribute());
        return this;
    }
}
