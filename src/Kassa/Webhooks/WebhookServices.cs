namespace Kassa.Webhooks;

public static class WebhookServices
{
    /// <summary>The outbox writer's helpers, the sender and the dispatcher (the signal is registered with the data services, as an interceptor).</summary>
    public static IServiceCollection AddKassaWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
