using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Kassa.Http;

/// <summary>
/// Per-client limits with ASP.NET Core's rate limiter (<c>Kassa:RateLimits</c>): new carts, new checkouts and orders,
/// and every other anonymous write, each a token bucket per client address (<see cref="ClientAddress"/>,
/// <see cref="ClockTokenBucket"/>). Reads, admin requests with the right key and trusted clients
/// (<c>Kassa:RateLimits:TrustedClients</c>, e.g. a server-side storefront) are not limited. Over the limit is a 429
/// problem with <c>Retry-After</c>.
/// </summary>
public static class ClientRateLimits
{
    public const string CartCreation = "cart-creation";
    public const string CheckoutCreation = "checkout-creation";
    public const string Writes = "anonymous-writes";

    public const string TrustedClientsKey = "Kassa:RateLimits:TrustedClients";

    private static readonly RateLimitPartition<IPAddress> Unlimited = RateLimitPartition.GetNoLimiter(IPAddress.None);

    public static IServiceCollection AddClientRateLimits(this IServiceCollection services, RateLimitOptions limits, AddressList trusted)
    {
        var policies = new Dictionary<string, (ClientLimit Limit, string What)>
        {
            [CartCreation] = (limits.CartCreation, "new carts"),
            [CheckoutCreation] = (limits.CheckoutCreation, "checkouts and payment starts"),
            [Writes] = (limits.Writes, "changes"),
        };
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<TimeProvider, AdminKey>((options, clock, admin) =>
        {
            foreach (var (name, (limit, _)) in policies) options.AddPolicy(name, Partitioner(limit, trusted, admin, clock));
            options.OnRejected = (context, _) =>
            {
                var http = context.HttpContext;
                var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                var (limit, what) = policies[policy ?? Writes];
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(limit.WindowSeconds);
                return new ValueTask(TooManyRequests.WriteAsync(http, retryAfter, seconds =>
                    $"Too many {what} from your address: at most {limit.PermitLimit} per {limit.WindowSeconds} s. Try again in {seconds} s."));
            };
        });
        return services;
    }

    private static Func<HttpContext, RateLimitPartition<IPAddress>> Partitioner(ClientLimit limit, AddressList trusted, AdminKey admin, TimeProvider clock)
    {
        var window = TimeSpan.FromSeconds(limit.WindowSeconds);
        Func<IPAddress, RateLimiter> bucket = _ => new ClockTokenBucket(limit.PermitLimit, window, clock);
        return http =>
        {
            var method = http.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)) return Unlimited;
            var client = ClientAddress.Of(http);
            if (client is null || trusted.Contains(http.Connection.RemoteIpAddress) || admin.IsAdmin(http)) return Unlimited;
            return RateLimitPartition.Get(client, bucket);
        };
    }

    /// <summary>
    /// Puts the <see cref="Writes"/> limit on every endpoint of <paramref name="builder"/> that changes something and
    /// has no limit of its own, is not admin-only (those need the key, and wrong keys meet the lockout) and has not opted out.
    /// </summary>
    public static TBuilder LimitAnonymousWrites<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            if (metadata.Any(m => m is EnableRateLimitingAttribute or DisableRateLimitingAttribute or AdminOnlyMetadata)) return;
            var methods = metadata.OfType<HttpMethodMetadata>().LastOrDefault()?.HttpMethods;
            if (methods is not null && methods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m) || HttpMethods.IsOptions(m))) return;
            metadata.Add(new EnableRateLimitingAttribute(Writes));
        });
        return builder;
    }
}
