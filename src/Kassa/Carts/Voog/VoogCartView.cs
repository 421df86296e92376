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
