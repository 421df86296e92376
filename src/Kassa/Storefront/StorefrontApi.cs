using Kassa.Validation;
using System.Globalization;
using Kassa.Data;
using Kassa.Http;
using Kassa.Payments;

namespace Kassa.Storefront;

/// <summary>
/// The public, read-only catalog a storefront shows before a cart exists: <c>/api/products</c> (live products only,
/// never a stock count) and <c>/api/store</c>. Anonymous and cacheable (<see cref="StorefrontAnswers"/>). The admin
/// catalog stays at <c>/admin/api/ecommerce/v1/products</c>.
/// </summary>
public static class StorefrontApi
{
    public static void MapStorefrontApi(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/products").WithTags("Storefront");
        products.MapGet("/", List).WithName("listCatalogProducts")
            .WithSummary("List the live products with their variants (anonymous; paged; language_code, include=translations, currency, country)")
            .WithMetadata(new ListQueryMetadata("product", []))
            .WithCatalogView()
            .Produces<List<StorefrontProduct>>()
            .Produces(StatusCodes.Status304NotModified);
        products.MapGet("/{id}", Get).WithName("getCatalogProduct")
            .WithSummary("Get a live product or variant (anonymous; language_code, include=translations, currency, country)")
            .WithCatalogView()
            .Produces<StorefrontProduct>()
            .Produces(StatusCodes.Status304NotModified);
        app.MapGet("/api/store", Store).WithTags("Storefront").WithName("getStoreFacts")
            .WithSummary("The store's public facts: currencies, price entry mode, shipping methods, payment methods, active cart rules (anonymous; currency, country)")
            .WithPriceView(
                "Shipping prices in this of the store's currencies (ISO 4217), leaving out the shipping methods and options not priced in it and the cart rules that cannot apply in it; without it, the store's default currency. One it does not sell in: 400.",
                "Shipping prices with this destination country's standard tax rate, as a cart shipped there pays it; without it, the store's own country (if set). Not an assigned country code: 400.")
            .Produces<StorefrontStore>()
            .Produces(StatusCodes.Status304NotModified);
    }

    /// <summary>Documents what <see cref="StorefrontView.From"/> reads, and the conditional GET.</summary>
    private static RouteHandlerBuilder WithCatalogView(this RouteHandlerBuilder builder) => builder
        .WithQueryParameter(new QueryParameterMetadata("include", typeof(string),
            "`translations` adds every language's product name; other values are ignored.", ["translations"], IsList: true))
        .WithQueryParameter(new QueryParameterMetadata("language_code", typeof(string),
            "The language for product names (e.g. `et`); without it, the store's first language. Not a language code: 400.", Pattern: "^[A-Za-z-]{2,10}$"))
        .WithPriceView(
            "Prices in this of the store's currencies (ISO 4217); without it, the store's default currency. One it does not sell in: 400.",
            "Prices with this destination country's tax (ISO 3166 alpha-2), as a cart shipped there pays it; without it, the store's own country (if set). Not an assigned country code: 400.");

    /// <summary>Documents what <see cref="StorefrontView.PricesFrom"/> reads (each endpoint says what they move), and the conditional GET.</summary>
    private static RouteHandlerBuilder WithPriceView(this RouteHandlerBuilder builder, string currency, string country) => builder
        .WithQueryParameter(new QueryParameterMetadata("currency", typeof(string), currency, Pattern: "^[A-Za-z]{3}$"))
        .WithQueryParameter(new QueryParameterMetadata("country", typeof(string), country, Pattern: "^[A-Za-z]{2}$"))
        .WithRequestHeader("If-None-Match", "The ETag of an answer you hold: 304 when it is still current.")
        .WithProblems(StatusCodes.Status400BadRequest);

    private static async Task<IResult> List(HttpContext http, KassaDbContext db, StorefrontAnswers answers, CancellationToken ct)
    {
        var paging = Paging.From(http.Request);
        var view = StorefrontView.From(http.Request);
        var page = await db.ReadCatalogPageAsync(paging, ct);
        view.CurrencyIn(page.Settings);
        paging.WriteHeaders(http, page.Total);
        return answers.Json(http, $"list|{paging.Page}|{paging.PerPage}|{view.Key}", page.Fingerprint(), () => page.ToStorefront(view));
    }

    private static async Task<IResult> Get(string id, HttpContext http, KassaDbContext db, StorefrontAnswers answers, CancellationToken ct)
    {
        // Anything but a product id is a product that does not exist, as is a draft.
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var productId)) throw new NotFoundException("Product", id);
        var view = StorefrontView.From(http.Request);
        var page = await db.ReadCatalogProductAsync(productId, ct) ?? throw new NotFoundException("Product", id);
        view.CurrencyIn(page.Settings);
        return answers.Json(http, $"one|{productId}|{view.Key}", page.Fingerprint(), () => page.ToStorefront(view)[0]);
    }

    private static async Task<IResult> Store(
        HttpContext http, KassaDbContext db, PaymentGateways gateways, StorefrontAnswers answers, TimeProvider clock, CancellationToken ct)
    {
        var view = StorefrontView.PricesFrom(http.Request);
        var facts = await db.ReadStoreFactsAsync(clock.GetUtcNow().UtcDateTime, ct);
        view.CurrencyIn(facts.Settings);
        return answers.Json(http, $"store|{view.Key}", facts.Fingerprint(), () => facts.ToStorefront(gateways, view));
    }

    public static IServiceCollection AddStorefront(this IServiceCollection services, StorefrontOptions options)
    {
        options.Validate();
        return services.AddSingleton<StorefrontAnswers>();
    }
}
