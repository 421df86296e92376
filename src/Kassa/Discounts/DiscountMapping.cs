using Kassa.Data;
using Kassa.Http;
using Kassa.Pricing;
using Kassa.Settings;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Discounts;

public static class DiscountMapping
{
    public static DiscountResponse ToResponse(this Discount d, StoreSettings _) => d.ToResponse();

    public static DiscountResponse ToResponse(this Discount d) => new(
        d.Id, d.Name, d.Description, d.Code, d.Status, d.AppliesTo, d.DiscountType, Money.ToVoog(d.Amount), d.Currency,
        d.Prices.ToDictionary(kv => kv.Key, kv => Money.ToVoog(kv.Value)),
        d.RedemptionCount, d.RedemptionLimit, d.ValidFrom, d.ValidTo, d.CreatedAt, d.UpdatedAt);

    public static async Task ApplyAsync(this DiscountRequest request, Discount discount, bool isNew, KassaDbContext db, StoreSettings settings, CancellationToken ct)
    {
        var errors = new FieldErrors();

        string? normalizedCode = null;
        if (isNew || request.Code.IsSet)
        {
            var code = request.Code.Or(null!);
            errors.Text("code", code, 100, required: true);
            if (code is not null && code.Trim().Length > 0)
            {
                errors.Check(!code.Trim().Any(char.IsWhiteSpace), "code", "code must not contain spaces.");
                normalizedCode = Discount.Normalize(code);
            }
        }
        if (request.Name.IsSet) errors.Text("name", request.Name.Value, 500);
        if (request.Description.IsSet) errors.Text("description", request.Description.Value, 2000);
        if (request.DiscountType.IsSet) errors.OneOf("discount_type", request.DiscountType.Value, DiscountTypes.All);
        if (request.AppliesTo.IsSet) errors.OneOf("applies_to", request.AppliesTo.Value, DiscountScopes.All);
        if (request.Status.IsSet) errors.OneOf("status", request.Status.Value, DiscountStatus.All);

        var type = request.DiscountType.Or(discount.DiscountType);
        var currency = request.Currency.IsSet ? request.Currency.Value : discount.Currency;
        if (request.Currency is { IsSet: true, Value: not null }) currency = errors.Currency("currency", request.Currency.Value);
        if (type == DiscountTypes.FixedAmount && currency is null && !(request.Currency is { IsSet: true, Value: not null }))
            currency = settings.DefaultCurrency;

        if (isNew && !request.Amount.IsSet) errors.Add("amount", "amount is required.");
        var amount = request.Amount.Or(discount.Amount);
        if (request.Amount.IsSet || request.DiscountType.IsSet || request.Currency.IsSet)
        {
            if (type == DiscountTypes.Percentage)
                errors.Check(amount is > 0 and <= 100 && decimal.Round(amount, 4) == amount, "amount", "A percentage discount's amount is a percent from 0 (exclusive) to 100.");
            else if (type == DiscountTypes.FixedAmount && currency is not null)
            {
                errors.Check(amount > 0, "amount", "A fixed discount's amount must be more than 0.");
                errors.Amount("amount", amount, currency);
            }
        }

        var prices = request.Prices.IsSet ? request.Prices.Value ?? [] : discount.Prices;
        var normalizedPrices = new Dictionary<string, decimal>();
        if (request.Prices.IsSet || request.DiscountType.IsSet || request.Currency.IsSet)
        {
            if (type != DiscountTypes.FixedAmount && prices.Count > 0)
                errors.Add("prices", "prices are amounts in other currencies for a fixed_amount discount; a percentage is the same in every currency.");
            foreach (var (code, value) in prices)
            {
                var field = $"prices.{code}";
                if (errors.Currency(field, code) is not { } normalized) continue;
                errors.Check(normalized != currency, field, $"{normalized} is the discount's currency; set it with 'amount'.");
                errors.Check(value > 0, field, "A fixed discount's amount must be more than 0.");
                errors.Amount(field, value, normalized);
                normalizedPrices[normalized] = value;
            }
        }
        else normalizedPrices = prices;

        if (request.RedemptionLimit is { IsSet: true, Value: { } limit })
            errors.Check(limit is >= 1 and <= 1_000_000_000, "redemption_limit", "redemption_limit must be from 1 to 1000000000, or null for no limit.");

        var from = AsUtc(request.ValidFrom.IsSet ? request.ValidFrom.Value : discount.ValidFrom);
        var to = AsUtc(request.ValidTo.IsSet ? request.ValidTo.Value : discount.ValidTo);
        if (from is { } f && to is { } t) errors.Check(f <= t, "valid_to", "valid_to must not be before valid_from.");

        errors.ThrowIfAny();

        // Field errors first (422), then the clash with another discount (409).
        if (normalizedCode is not null && await db.Discounts.AnyAsync(d => d.NormalizedCode == normalizedCode && d.Id != discount.Id, ct))
            throw new ConflictException($"A discount with code '{request.Code.Value.Trim()}' already exists (codes are case-insensitive).",
                new Dictionary<string, string[]> { ["code"] = ["code is already in use."] });

        if (normalizedCode is not null)
        {
            discount.Code = request.Code.Value.Trim();
            discount.NormalizedCode = normalizedCode;
        }
        if (request.Name.IsSet) discount.Name = request.Name.Value;
        if (request.Description.IsSet) discount.Description = request.Description.Value;
        discount.DiscountType = type;
        discount.Amount = amount;
        discount.Currency = currency;
        discount.Prices = type == DiscountTypes.FixedAmount ? normalizedPrices : [];
        if (request.AppliesTo.IsSet) discount.AppliesTo = request.AppliesTo.Value;
        if (request.RedemptionLimit.IsSet) discount.RedemptionLimit = request.RedemptionLimit.Value;
        discount.ValidFrom = AsUtc(from);
        discount.ValidTo = AsUtc(to);
        if (request.Status.IsSet) discount.Status = request.Status.Value;
    }

    /// <summary>
    /// A time with an offset is converted to UTC; one without (e.g. "2026-12-01") is read as UTC,
    /// not as the server's local time, so the same request means the same instant on every server.
    /// </summary>
    private static DateTime? AsUtc(DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Unspecified } v => DateTime.SpecifyKind(v, DateTimeKind.Utc),
        { } v => v.ToUniversalTime(),
    };
}
