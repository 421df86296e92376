using Kassa.Validation;
using Kassa.Http;
using Kassa.Settings;

namespace Kassa.Storefront;

/// <summary>
/// How a catalog request wants products shown: Voog's <c>language_code=</c> and <c>include=translations</c>, and the
/// <c>currency=</c> of the prices (the store currency unless asked), and the <c>country=</c> whose tax they include (the
/// store's own country, if set, unless asked).
/// </summary>
public sealed record StorefrontView(string? Language, bool Translations, string? Currency, string? Country = null)
{
    /// <summary>Reads the query; a malformed language or currency code is a 400. Unknown include values are ignored, as Voog does.</summary>
    public static StorefrontView From(HttpRequest request) => Read(request, names: true);

    /// <summary>
    /// Reads only what moves prices, <c>currency=</c> and <c>country=</c> (for <c>/api/store</c>, which shows no product
    /// names): a malformed one is a 400, anything else in the query is ignored.
    /// </summary>
    public static StorefrontView PricesFrom(HttpRequest request) => Read(request, names: false);

    private static StorefrontView Read(HttpRequest request, bool names)
    {
        var errors = new FieldErrors();
        var language = names ? request.Query["language_code"].ToString() : "";
        if (language.Length > 0) errors.LanguageCode("language_code", language);
        var currency = request.Query["currency"].ToString();
        var code = currency.Length > 0 ? errors.Currency("currency", currency) : null;
        var countryText = request.Query["country"].ToString();
        var country = countryText.Length > 0 ? errors.AssignedCountryCode("country", countryText) : null;
        errors.ThrowIfAnyAsBadQuery();
        var include = names ? request.Query["include"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        return new StorefrontView(language.Length > 0 ? language : null, include.Contains("translations"), code, country);
    }

    /// <summary>The currency prices are shown in; one the store does not sell in is a 400 naming those it does.</summary>
    public string CurrencyIn(StoreSettings settings)
    {
        if (Currency is null || Currency == settings.DefaultCurrency || settings.AllowedCurrencies.Contains(Currency)) return Currency ?? settings.DefaultCurrency;
        throw new BadQueryException(new Dictionary<string, string[]>
        {
            ["currency"] = [$"The store does not sell in {Currency}; it sells in {string.Join(", ", settings.AllowedCurrencies)}."],
        });
    }

    /// <summary>What tells one view's answer from another's, for <see cref="StorefrontAnswers"/>.</summary>
    public string Key => $"{Language}|{(Translations ? "t" : "")}|{Currency}|{Country}";
}
