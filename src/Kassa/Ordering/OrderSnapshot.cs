using System.Text.Json;
using Kassa.Carts.Voog;
using Kassa.Http;
using Kassa;

namespace Kassa.Ordering;

/// <summary>
/// Stores an order's <see cref="OrderContent"/> as JSON, and reads it back — also from the Voog-shaped
/// snapshots orders were stored with before (<see cref="LegacyOrderSnapshot"/>).
/// </summary>
public static class OrderSnapshot
{
    private static readonly JsonSerializerOptions Json = CreateOptions();

    /// <summary>How every snapshot written by <see cref="Write"/> starts (Format is the record's first property).</summary>
    private static readonly string Marker = $"{{\"format\":{OrderContent.CurrentFormat},";

    public static string Write(OrderContent content) => JsonSerializer.Serialize(content, Json);

    public static OrderContent Read(Order order)
    {
        if (order.Snapshot.StartsWith(Marker, StringComparison.Ordinal))
            return JsonSerializer.Deserialize<OrderContent>(order.Snapshot, Json)
                   ?? throw new InvalidOperationException($"Order {order.Id} has no snapshot.");
        var legacy = JsonSerializer.Deserialize<VoogCartResponse>(order.Snapshot, Json)
                     ?? throw new InvalidOperationException($"Order {order.Id} has no snapshot.");
        return LegacyOrderSnapshot.ToContent(legacy);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Kassa.Http.WireJson.Configure(options);
        return options;
    }
}
