using System.Text.Json;
using Kassa.Carts.Voog;
using Kassa.Http;

namespace Kassa.Ordering;

/// <summary>Writes and reads an order's frozen cart in the API's own JSON form.</summary>
public static class OrderSnapshot
{
    private static readonly JsonSerializerOptions Json = CreateOptions();

    public static string Write(VoogCartResponse cart) => JsonSerializer.Serialize(cart, Json);

    public static VoogCartResponse Read(Order order) =>
        JsonSerializer.Deserialize<VoogCartResponse>(order.Snapshot, Json)
        ?? throw new InvalidOperationException($"Order {order.Id} has no snapshot.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        KassaApp.ConfigureJson(options);
        return options;
    }
}
