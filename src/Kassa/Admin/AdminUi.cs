using Kassa.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kassa.AdminPages;

/// <summary>
/// The shop owner's admin at <c>/admin</c>: pages rendered on the server from Razor components, forms posted to the
/// endpoints below (each checked for its antiforgery token) and handled by the same core code as the admin API.
/// Services are registered in <see cref="AddKassaAdmin"/>; nothing is rendered or read before the first admin request.
/// </summary>
public static class AdminUi
{
    /// <summary>No script at all, styles only from the admin's own style sheet, forms only to Kassa.</summary>
    public const string PagePolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data: https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IServiceCollection AddKassaAdmin(this IServiceCollection services, string? keyRingDirectory)
    {
        services.AddRazorComponents();
        if (keyRingDirectory is not null) services.AddKeyRingIn(keyRingDirectory);
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "kassa_admin_antiforgery";
            antiforgery.Cookie.Path = AdminSessions.CookiePath;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton<AdminSessions>();
        // Data Protection (the antiforgery tokens' keys) would load its key ring in a hosted service at start, reading or
        // creating key files before the first request; without it the key ring is loaded by the admin's first form, so
        // the API's cold start does no admin work.
        var warmUp = services.FirstOrDefault(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType?.Name == "DataProtectionHostedService");
        if (warmUp is not null) services.Remove(warmUp);
        return services;
    }

    public static WebApplication MapKassaAdmin(this WebApplication app)
    {
        var admin = app.MapGroup("/admin").ExcludeFromDescription().WithMetadata(new PagePolicy(PagePolicy));
        new LazyEndpoints(admin, needsSession: false)
            .Get("/sign-in", SignInPage)
            .Post("/sign-in", SignIn);

        var pages = new LazyEndpoints(admin, needsSession: true)
            .Post("/sign-out", SignOut)
            .Get("/", AdminHome.Show);
        pages.MapAdminOrders();
        pages.MapAdminCatalog();
        pages.MapAdminTaxRates();
        pages.MapAdminCartRules();
        pages.MapAdminSettings();
        pages.MapAdminCarts();
        return app;
    }

    private static async Task<IResult> SignInPage(HttpContext http, AdminKey adminKey, AdminSessions sessions) =>
        await sessions.IsSignedInAsync(http) ? TypedResults.Redirect("/admin") : Page<SignInPage>(new() { ["Open"] = adminKey.IsConfigured, ["Problem"] = Closed(adminKey) });

    /// <summary>
    /// A wrong key counts against the address exactly as a wrong <c>X-API-TOKEN</c> does (<see cref="AdminLockout"/>), so the
    /// form is no faster a way to guess the key than the API: once locked out, the address is refused (429) until the time is up.
    /// </summary>
    private static IResult SignIn(HttpContext http, IFormCollection form, AdminKey adminKey, AdminLockout lockout, AdminSessions sessions)
    {
        if (!adminKey.IsConfigured)
            return Page<SignInPage>(new() { ["Open"] = false, ["Problem"] = Closed(adminKey) }, StatusCodes.Status401Unauthorized);
        if (lockout.RefusedFor(ClientAddress.Of(http)) is { } left) return LockedOut(http, left);
        if (!adminKey.Accepts(http, form["key"].ToString()))
        {
            if (lockout.RefusedFor(ClientAddress.Of(http)) is { } now) return LockedOut(http, now);
            return Page<SignInPage>(new() { ["Problem"] = "That is not the admin key. Check it and try again." }, StatusCodes.Status401Unauthorized);
        }
        sessions.SignIn(http);
        return TypedResults.Redirect("/admin", preserveMethod: false);
    }

    private static IResult LockedOut(HttpContext http, TimeSpan left)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(left.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Page<SignInPage>(new()
        {
            ["Problem"] = $"Too many wrong keys came from your address. Try again in {seconds} seconds.",
        }, StatusCodes.Status429TooManyRequests);
    }

    private static string? Closed(AdminKey adminKey) => adminKey.IsConfigured
        ? null
        : "The admin is closed because no admin key is configured. Set Kassa__AdminApiKey and restart Kassa.";

    private static async Task<RedirectHttpResult> SignOut(HttpContext http, IFormCollection form, AdminSessions sessions)
    {
        await sessions.SignOutAsync(http);
        return TypedResults.Redirect("/admin/sign-in");
    }

    /// <summary>A page of the admin, with the given status.</summary>
    public static RazorComponentResult<T> Page<T>(Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        new(parameters) { StatusCode = status };

    /// <summary>After a form is saved: redirected back to a page (so a reload does not post again), with a fixed notice.</summary>
    public static IResult SavedTo(string path, string notice = "saved") =>
        TypedResults.Redirect($"{path}{(path.Contains('?') ? '&' : '?')}notice={notice}");

    public static string? Notice(HttpRequest request) => request.Query["notice"].ToString() switch
    {
        "saved" => "Saved.",
        "moved" => "The order was changed.",
        "deleted" => "Deleted.",
        _ => null,
    };
}
