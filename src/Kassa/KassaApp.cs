using Kassa.AdminPages;
using Kassa.Http;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kassa.Carts.Outshifter;
using Kassa.Carts.Voog;
using Kassa.Catalog;
using Kassa.Checkouts;
using Kassa.Data;
using Kassa.CartRules;
using Kassa.Discounts;
using Kassa.Hosting;
using Kassa.Logging;
using Kassa.Ordering;
using Kassa.Payments;
using Kassa.Settings;
using Kassa.Shipping;
using Kassa.Storefront;
using Kassa.Taxes;
using Kassa.Telemetry;
using Kassa.Webhooks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

namespace Kassa;

/// <summary>How the pieces are wired: services in <see cref="AddKassa"/>, the pipeline in <see cref="UseKassa"/>.</summary>
public static class KassaApp
{

    /// <summary>
    /// The content root is the app's own folder, so the shipped appsettings.json (log levels) applies
    /// wherever the service is started from; the working directory still holds the data. An explicit
    /// --contentRoot or ASPNETCORE_CONTENTROOT wins. Also makes the settings files polled (<see cref="PollConfigurationFiles"/>).
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var explicitRoot = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase)) ||
                           Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null ||
                           Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is not null;
        PollConfigurationFiles();
        return new WebApplicationOptions { Args = args, ContentRootPath = explicitRoot ? null : AppContext.BaseDirectory };
    }

    /// <summary>
    /// appsettings.json changes are found by polling the files (every 4 s) instead of by a watcher on the content root.
    /// That watcher covers the whole folder tree, and the usual install (published into the working directory, as in
    /// a container) keeps the SQLite database under it: every database write woke it (docs/benchmarks.md).
    /// An explicit DOTNET_USE_POLLING_FILE_WATCHER wins. Set for the whole process before the host is built: file providers
    /// read it on their first watch.
    /// </summary>
    private static void PollConfigurationFiles()
    {
        const string polling = "DOTNET_USE_POLLING_FILE_WATCHER";
        if (Environment.GetEnvironmentVariable(polling) is null) Environment.SetEnvironmentVariable(polling, "true");
    }

    public static WebApplicationBuilder AddKassa(this WebApplicationBuilder builder)
    {
        if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null && builder.Configuration["HTTP_PORTS"] is null)
            builder.WebHost.UseUrls("http://127.0.0.1:5080");

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.AddBatchedConsole().AddConsoleLineDefaults();
        // The host logs a failed start with its stack trace before Program says it in one sentence (Hosting/StartupFailure);
        // a background service that stops the host is still logged, at Critical.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        var section = builder.Configuration.GetSection(KassaOptions.Section);
        builder.Services.Configure<KassaOptions>(section);
        var options = KassaSettings.Read(builder.Configuration);
        builder.AddKassaTelemetry(options);

        builder.Services.AddKassaData(options.Database, options.DataDirectory);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AdminLockout>();
        builder.Services.AddSingleton<AdminKey>();
        builder.Services.AddClientRateLimits(options.RateLimits, AddressList.Read(builder.Configuration, ClientRateLimits.TrustedClientsKey));
        builder.Services.AddKnownProxies(builder.Configuration);
        builder.Services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddSingleton<IPaymentProvider, OfflinePaymentProvider>();
        builder.Services.AddSingleton<IPaymentProvider, SandboxPaymentProvider>();
        builder.Services.AddStripePayments();
        builder.Services.AddKlarnaPayments();
        builder.Services.AddSingleton<PaymentGateways>();
        builder.Services.AddHostedService<Retention.RetentionService>();
        builder.Services.AddKassaWebhooks();

        builder.Services.ConfigureHttpJsonOptions(json => WireJson.Configure(json.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ProblemExceptionHandler.Describe);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<KassaDbContext>("database", tags: ["ready"]);
        builder.Services.AddKassaOpenApi();
        builder.Services.AddStorefrontCors(section, builder.Environment);
        builder.Services.AddStorefront(options.Storefront);
        builder.Services.AddKassaAdmin(options.KeyRingDirectory);
        return builder;
    }


    public static WebApplication UseKassa(this WebApplication app)
    {
        app.UseKnownProxies();
        app.UseMiddleware<SecurityHeaders>();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseMiddleware<RequestLog>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Inside the error handlers, so a problem answer carries the CORS headers too; before the body limit, so a 413 does.
        app.UseCors();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<AdminLockoutGate>();
        // Checks the token of the admin's forms (endpoints that read a form); others pass untouched.
        app.UseAntiforgery();
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KassaOptions>>().Value.RateLimits.Enabled) app.UseRateLimiter();
        StartupWarnings.Log(app.Services);
        // The demo storefront (wwwroot/): index.html at "/", beside it its script and style sheet.
        app.UseDefaultFiles();
        app.UseStaticFiles();

        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
        app.MapKassaTelemetry(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KassaOptions>>().Value);
        app.MapKassaOpenApi();
        // The explorer runs an inline script of Scalar's making: it keeps only the framing and base rules of a page policy.
        app.MapScalarApiReference("/docs", scalar => scalar.WithTitle("Kassa API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .WithMetadata(new PagePolicy("object-src 'none'; base-uri 'none'; frame-ancestors 'none'"));

        // Both dialects' endpoints, all held to the same rules for request bodies and to the per-client limit on writes.
        var api = app.MapGroup("").RequireBodies().LimitAnonymousWrites();
        var voog = api.MapGroup(PublicUrls.VoogBase);
        voog.MapProductsApi();
        voog.MapShippingMethodsApi();
        voog.MapDiscountsApi();
        voog.MapCartRulesApi();
        voog.MapSettingsApi();
        voog.MapTaxRatesApi();
        // What a browser storefront calls answers its origin (StorefrontCors); the admin list of carts does not (RequireAdminKey).
        voog.MapVoogCartsApi().RequireStorefrontCors().MapVoogCheckout();
        voog.MapOrdersApi();
        voog.MapInvoicePage();
        var storefront = api.MapGroup("").RequireStorefrontCors();
        storefront.MapOutshifterCartsApi();
        storefront.MapCheckoutsApi();
        storefront.MapFlatRateApi();
        storefront.MapStorefrontApi();
        api.MapPaymentWebhooks();
        api.MapSandboxPayPage();
        api.MapKlarnaApi();
        api.MapWebhooksApi();
        app.MapKassaAdmin();
        return app;
    }
}
