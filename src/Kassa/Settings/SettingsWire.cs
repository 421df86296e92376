using Kassa.Http;

namespace Kassa.Settings;

public sealed record SettingsRequest(
    Optional<string> PriceEntryMode,
    Optional<string> DefaultCurrency,
    Optional<List<string>> AllowedCurrencies,
    Optional<decimal> DefaultTaxRate,
    Optional<List<string>> Languages,
    Optional<List<CustomFieldWire>> CustomFields,
    Optional<string?> CountryCode,
    Optional<bool> GrossPricesFollowDestination);

public sealed record CustomFieldWire(string Key, string Label, string Kind, bool Required = false);

public sealed record SettingsResponse(
    string PriceEntryMode,
    string DefaultCurrency,
    List<string> AllowedCurrencies,
    string DefaultTaxRate,
    List<string> Languages,
    List<CustomFieldWire> CustomFields,
    string? CountryCode,
    bool GrossPricesFollowDestination,
    DateTime UpdatedAt);
