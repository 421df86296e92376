using Kassa.Http;
using Kassa.Validation;

namespace Kassa.Carts.Voog;

/// <summary>How a request wants its cart shown: Voog's <c>include=</c> and <c>language_code=</c>, and the base for urls.</summary>
public sealed record VoogCartView(
    bool Items,
    IReadOnlyList<Payments.PaymentMethodChoice>? PaymentMethods,
    bool ShippingAddress,
    bool BillingAddress,
    bool Translations,
    string? Language,
    string BaseUrl)
{
    /// <summary>The blocks <c>include=</c> can add to a cart or an order.</summary>
    public static readonly string[] Blocks = ["items", "payment_methods", "shipping_address", "billing_address", "translations"];

    /// <summary>
    /// The blocks a request asks for. Values Kassa does not know are ignored, as the seed's own example
    /// (<c>include=variants,translations</c>) names one no cart endpoint lists.
    /// </summary>
    public static VoogCartView From(HttpRequest request)
    {
        var errors = new FieldErrors();
        var include = request.Query["include"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var language = request.Query["language_code"].ToString();
        if (language.Length > 0) errors.LanguageCode("language_code", language);
        errors.ThrowIfAnyAsBadQuery();

        return new VoogCartView(
            include.Contains("items"),
            include.Contains("payment_methods") ? request.HttpContext.RequestServices.GetRequiredService<Payments.PaymentGateways>().Methods : null,
            include.Contains("shipping_address"),
            include.Contains("billing_address"),
            include.Contains("translations"),
            language.Length > 0 ? language : null,
            PublicUrls.Base(request));
    }
}

public static class VoogCartViewDocs
{
    /// <summary>Documents what <see cref="VoogCartView.From"/> reads: <c>language_code</c>, and <c>include</c> where it shows.</summary>
    public static TBuilder WithVoogView<TBuilder>(this TBuilder builder, bool include = true) where TBuilder : IEndpointConventionBuilder
    {
        if (include)
            builder.WithQueryParameter(new QueryParameterMetadata("include", typeof(string),
                "Blocks to add to the answer, comma-separated (`include=items,translations`); other values are ignored.",
                VoogCartView.Blocks, IsList: true));
        return builder.WithQueryParameter(new QueryParameterMetadata("language_code", typeof(string),
            "The language for product names (e.g. `et`); without it, the store's first language. Not a language code: 400.",
            Pattern: "^[A-Za-z-]{2,10}$"));
    }
}
