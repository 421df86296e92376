using Kassa.Pricing;

namespace Kassa.Tests.Pricing;

public sealed class DiscountRulesTests
{
    private static readonly DateTime Now = new(2024, 6, 15, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime From = new(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime To = new(2024, 6, 30, 23, 59, 0, DateTimeKind.Utc);

    private static DiscountFacts Open(
        DiscountType type = DiscountType.Percentage,
        string? currency = "EUR",
        DateTime? from = null,
        DateTime? to = null,
        int? limit = null,
        int count = 0,
        string status = "open") =>
        new(status, type, currency, from, to, limit, count);

    public sealed record Case(DiscountFacts Facts, string CartCurrency, DateTime NowUtc, string? Reason);

    public static readonly IReadOnlyDictionary<string, Case> Cases = new Dictionary<string, Case>
    {
        ["open percentage, no window, no limit"] = new(Open(), "EUR", Now, null),
        ["status is read case-insensitively and trimmed"] = new(Open(status: " Open "), "EUR", Now, null),
        ["closed"] = new(Open(status: "closed"), "EUR", Now, "the discount is closed"),
        ["unknown status counts as closed"] = new(Open(status: "paused"), "EUR", Now, "the discount is closed"),
        ["empty status counts as closed"] = new(Open(status: ""), "EUR", Now, "the discount is closed"),
        ["closed wins over every other reason"] = new(
            Open(DiscountType.FixedAmount, "USD", From, To, 1, 5, "closed"), "EUR", To.AddDays(1), "the discount is closed"),

        ["inside the window"] = new(Open(from: From, to: To), "EUR", Now, null),
        ["one second before valid_from"] = new(Open(from: From, to: To), "EUR", From.AddSeconds(-1), "the discount is not valid until 2024-06-01"),
        ["exactly at valid_from"] = new(Open(from: From, to: To), "EUR", From, null),
        ["exactly at valid_to is still valid"] = new(Open(from: From, to: To), "EUR", To, null),
        ["one tick after valid_to"] = new(Open(from: From, to: To), "EUR", To.AddTicks(1), "the discount expired on 2024-06-30 23:59 UTC"),
        ["a day after valid_to"] = new(Open(to: To), "EUR", To.AddDays(1), "the discount expired on 2024-06-30 23:59 UTC"),
        ["only valid_from, long after"] = new(Open(from: From), "EUR", From.AddYears(10), null),
        ["only valid_to, long before"] = new(Open(to: To), "EUR", To.AddYears(-10), null),
        ["start with a time of day is shown with it"] = new(
            Open(from: new DateTime(2024, 6, 1, 8, 30, 0, DateTimeKind.Utc)), "EUR", From, "the discount is not valid until 2024-06-01 08:30 UTC"),
        ["unspecified kinds are UTC: at valid_to"] = new(
            Open(to: DateTime.SpecifyKind(To, DateTimeKind.Unspecified)), "EUR", DateTime.SpecifyKind(To, DateTimeKind.Unspecified), null),
        ["unspecified kinds are UTC: after valid_to"] = new(
            Open(to: DateTime.SpecifyKind(To, DateTimeKind.Unspecified)), "EUR", To.AddMinutes(1), "the discount expired on 2024-06-30 23:59 UTC"),

        ["redemption limit reached"] = new(Open(limit: 10, count: 10), "EUR", Now, "the discount has reached its redemption limit"),
        ["redemption limit exceeded"] = new(Open(limit: 10, count: 11), "EUR", Now, "the discount has reached its redemption limit"),
        ["one redemption left"] = new(Open(limit: 10, count: 9), "EUR", Now, null),
        ["no limit, many redemptions"] = new(Open(limit: null, count: 1_000_000), "EUR", Now, null),

        ["fixed amount in the cart currency"] = new(Open(DiscountType.FixedAmount, "EUR"), "EUR", Now, null),
        ["fixed amount, currencies compared case-insensitively"] = new(Open(DiscountType.FixedAmount, "eur"), "Eur", Now, null),
        ["fixed amount in another currency"] = new(Open(DiscountType.FixedAmount, "EUR"), "USD", Now, "the discount is in EUR, the cart is in USD"),
        ["fixed amount in another currency, lower-case cart"] = new(Open(DiscountType.FixedAmount, "USD"), "jpy", Now, "the discount is in USD, the cart is in JPY"),
        ["fixed amount without a currency"] = new(Open(DiscountType.FixedAmount, null), "EUR", Now, "the discount has no valid currency for its fixed amount"),
        ["fixed amount in an unknown currency"] = new(Open(DiscountType.FixedAmount, "XYZ"), "EUR", Now, "the discount has no valid currency for its fixed amount"),
        ["percentage works in any currency"] = new(Open(DiscountType.Percentage, "EUR"), "JPY", Now, null),
        ["percentage without a currency"] = new(Open(DiscountType.Percentage, null), "BHD", Now, null),
    };

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Why_not_applicable(string name)
    {
        var c = Cases[name];
        Assert.Equal(c.Reason, DiscountRules.WhyNotApplicable(c.Facts, c.CartCurrency, c.NowUtc));
    }

    [Fact]
    public void Local_times_are_converted_to_utc()
    {
        // The same instant as To, expressed in local time: still valid; a minute later: expired.
        var localTo = To.ToLocalTime();
        Assert.Equal(DateTimeKind.Local, localTo.Kind);
        Assert.Null(DiscountRules.WhyNotApplicable(Open(to: localTo), "EUR", To));
        Assert.Equal(
            "the discount expired on 2024-06-30 23:59 UTC",
            DiscountRules.WhyNotApplicable(Open(to: To), "EUR", To.AddMinutes(1).ToLocalTime()));
    }

    [Fact]
    public void Null_facts_throw()
    {
        Assert.Throws<ArgumentNullException>(() => DiscountRules.WhyNotApplicable(null!, "EUR", Now));
    }
}
