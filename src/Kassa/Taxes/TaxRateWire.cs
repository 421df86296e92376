using Kassa.Http;

namespace Kassa.Taxes;

/// <summary>Create (POST) or partial update (PUT) of a store tax rate; absent fields are left alone.</summary>
public sealed record TaxRateRequest(Optional<string> CountryCode, Optional<string> TaxClass, Optional<decimal> Rate);

public sealed record TaxRateResponse(long Id, string CountryCode, string TaxClass, string Rate, DateTime CreatedAt, DateTime UpdatedAt);
