using Kassa.Ordering;
using Kassa.Webhooks;

namespace Kassa.Tests.Webhooks;

/// <summary>Which webhook events each change of an order makes.</summary>
public sealed class OrderEventsTests
{
    public static TheoryData<string, string, bool, string> Changes => new()
    {
        // status/payment/shipping before; after/who changed it; deleted; the events
        { "created/pending/not_dispatched", "completed/paid/not_dispatched/Provider", false, "update,paid" },
        { "created/pending/not_dispatched", "cancelled/cancelled/not_dispatched/Provider", false, "update,payment_failed,cancelled" },
        { "created/pending/not_dispatched", "cancelled/expired/not_dispatched/Expiry", false, "update,payment_failed,cancelled" },
        { "created/pending/not_dispatched", "cancelled/cancelled/not_dispatched/Admin", false, "update,cancelled" },
        { "completed/paid/not_dispatched", "completed/paid/dispatched/Admin", false, "update,shipped" },
        { "completed/paid/not_dispatched", "completed/paid/delivered/Admin", false, "update,shipped" },
        { "completed/paid/dispatched", "completed/paid/delivered/Admin", false, "update" },
        { "completed/paid/not_dispatched", "completed/refunded/not_dispatched/Admin", false, "update" },
        { "completed/paid/dispatched", "completed/paid/dispatched/Admin", false, "" },
        { "created/pending/not_dispatched", "cancelled/pending/not_dispatched/Withdrawal", true, "delete" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_change_makes_its_events(string before, string afterAndBy, bool deleted, string events)
    {
        var (was, parts, by) = (before.Split('/'), afterAndBy.Split('/'), afterAndBy.Split('/')[^1].ToLowerInvariant());
        var order = new Order { Status = parts[0], PaymentStatus = parts[1], ShippingStatus = parts[2] };
        var made = OrderEvents.Of(new OrderEvents.State(was[0], was[1], was[2]), order, deleted, by);
        Assert.Equal(events, string.Join(",", made));
    }
}
