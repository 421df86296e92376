using System.Security.Cryptography;
using Kassa.Data;
using Kassa.Http;
using Kassa.Ordering;
using Kassa.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kassa.Webhooks;

/// <summary>
/// The admin webhooks API. Voog serves webhooks at <c>/admin/api/webhooks</c> and, earlier, at
/// <c>/admin/api/ecommerce/v1/webhooks</c>: one route group, mapped at both, over one store.
/// </summary>
public static class WebhooksApi
{
    public const string Path = "/admin/api/webhooks";
    public const string EcommercePath = PublicUrls.VoogBase + "/webhooks";

    private static readonly QueryFilters<Webhook> Filters = new QueryFilters<Webhook>("webhook")
        .Add("id", w => w.Id)
        .Add("enabled", w => w.Enabled)
        .Add("target", w => w.Target)
        .Add("target_id", w => w.TargetId)
        .Add("event", w => w.Event)
        .Add("url", w => w.Url)
        .Add("description", w => w.Description)
        .Add("created_at", w => w.CreatedAt)
        .Add("updated_at", w => w.UpdatedAt);

    private static readonly QueryFilters<WebhookDelivery> DeliveryFilters = new QueryFilters<WebhookDelivery>("delivery")
        .Add("id", d => d.Id)
        .Add("event_id", d => d.EventId)
        .Add("event", d => d.Event)
        .Add("target_id", d => d.TargetId)
        .Add("status", d => d.Status)
        .Add("attempts", d => d.Attempts)
        .Add("created_at", d => d.CreatedAt)
        .Add("updated_at", d => d.UpdatedAt);

    public static void MapWebhooksApi(this RouteGroupBuilder api)
    {
        Map(api.MapGroup(Path), "");
        Map(api.MapGroup(EcommercePath), "Ecommerce");
    }

    /// <param name="names">Told into each operation id, so the two mappings' endpoints keep names of their own.</param>
    private static void Map(RouteGroupBuilder webhooks, string names)
    {
        webhooks.WithTags("Webhooks").RequireAdminKey();
        webhooks.MapGet("/", List).WithName($"list{names}Webhooks").WithListQuery(Filters)
            .WithSummary("List webhooks (paged; filter with q.webhook.<attribute>.<operator>=value)");
        webhooks.MapGet("/sample", Sample).WithName($"sample{names}Webhook")
            .WithQueryParameter(new QueryParameterMetadata("target", typeof(string), "The webhook's target.", WebhookEvents.Targets))
            .WithQueryParameter(new QueryParameterMetadata("event", typeof(string), "The webhook's event.", WebhookEvents.EventsOf[WebhookEvents.OrderTarget]))
            .WithProblems(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("The body a delivery of this target and event carries, for the store's latest order (or a made-up one)");
        webhooks.MapGet("/{id:long}", Get).WithName($"get{names}Webhook").WithSummary("Get a webhook");
        webhooks.MapPost("/", Create).WithName($"create{names}Webhook")
            .WithSummary("Create a webhook; the answer holds its signing secret, shown this once");
        webhooks.MapPut("/{id:long}", Update).WithName($"update{names}Webhook").WithSummary("Update the given attributes of a webhook");
        webhooks.MapDelete("/{id:long}", Delete).WithName($"delete{names}Webhook").WithSummary("Delete a webhook and its deliveries");
        webhooks.MapPost("/{id:long}/rotate_secret", RotateSecret).WithName($"rotate{names}WebhookSecret")
            .WithSummary("Give a webhook a new secret (in the answer, shown once); the old one still signs deliveries for Kassa:Webhooks:SecretGraceHours");
        webhooks.MapGet("/{id:long}/deliveries", Deliveries).WithName($"list{names}WebhookDeliveries").WithListQuery(DeliveryFilters)
            .WithSummary("List a webhook's deliveries, newest first, with status, attempts and last error (paged; filter with q.delivery.<attribute>.<operator>=value)");
        webhooks.MapPost("/{id:long}/deliveries/{deliveryId:long}/redeliver", Redeliver).WithName($"redeliver{names}WebhookDelivery")
            .WithSummary("Deliver an event again (the same body and Kassa-Event-Id), now and with a new retry period");
    }

    private static async Task<Ok<List<WebhookResponse>>> List(HttpContext http, KassaDbContext db, CancellationToken ct)
    {
        var paging = Paging.From(http.Request);
        var query = Filters.Apply(db.Webhooks.AsNoTracking(), http.Request);
        var total = await query.CountAsync(ct);
        var page = await query.OrderBy(w => w.Id).Skip(paging.Skip).Take(paging.PerPage).ToListAsync(ct);
        paging.WriteHeaders(http, total);
        return TypedResults.Ok(page.Select(w => w.ToResponse()).ToList());
    }

    private static async Task<Ok<WebhookResponse>> Get(long id, KassaDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await FindAsync(db.Webhooks.AsNoTracking(), id, ct)).ToResponse());

    private static async Task<Created<WebhookResponse>> Create(
        HttpContext http, WebhookRequest request, KassaDbContext db, IOptions<KassaOptions> options, CancellationToken ct)
    {
        var webhook = new Webhook { Secret = NewSecret() };
        await ApplyAsync(request, webhook, isNew: true, options.Value.Webhooks, ct);
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"{http.Request.PathBase}{http.Request.Path.Value?.TrimEnd('/')}/{webhook.Id}", webhook.ToResponse(withSecret: true));
    }

    private static async Task<Ok<WebhookResponse>> Update(
        long id, WebhookRequest request, KassaDbContext db, IOptions<KassaOptions> options, WebhookSignal signal, CancellationToken ct)
    {
        var webhook = await FindAsync(db.Webhooks, id, ct);
        await ApplyAsync(request, webhook, isNew: false, options.Value.Webhooks, ct);
        await db.SaveChangesAsync(ct);
        // Re-enabled: what waited for it is due.
        if (webhook.Enabled) signal.Ring();
        return TypedResults.Ok(webhook.ToResponse());
    }

    private static async Task<NoContent> Delete(long id, KassaDbContext db, CancellationToken ct)
    {
        var webhook = await FindAsync(db.Webhooks, id, ct);
        db.Webhooks.Remove(webhook);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WebhookResponse>> RotateSecret(long id, KassaDbContext db, TimeProvider clock, IOptions<KassaOptions> options, CancellationToken ct)
    {
        var webhook = await FindAsync(db.Webhooks, id, ct);
        webhook.PreviousSecret = webhook.Secret;
        webhook.PreviousSecretUntil = StoredDates.ToMilliseconds(clock.GetUtcNow().UtcDateTime) + TimeSpan.FromHours(Math.Max(0, options.Value.Webhooks.SecretGraceHours));
        webhook.Secret = NewSecret();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(webhook.ToResponse(withSecret: true));
    }

    private static async Task<Ok<List<WebhookDeliveryResponse>>> Deliveries(long id, HttpContext http, KassaDbContext db, CancellationToken ct)
    {
        await FindAsync(db.Webhooks.AsNoTracking(), id, ct);
        var paging = Paging.From(http.Request);
        var query = DeliveryFilters.Apply(db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id), http.Request);
        var total = await query.CountAsync(ct);
        var page = await query.OrderByDescending(d => d.Id).Skip(paging.Skip).Take(paging.PerPage).ToListAsync(ct);
        paging.WriteHeaders(http, total);
        return TypedResults.Ok(page.Select(d => d.ToResponse()).ToList());
    }

    private static async Task<Ok<WebhookDeliveryResponse>> Redeliver(
        long id, long deliveryId, KassaDbContext db, TimeProvider clock, IOptions<KassaOptions> options, WebhookSignal signal, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId && d.WebhookId == id, ct)
                       ?? throw new NotFoundException("Webhook delivery", deliveryId);
        var now = StoredDates.ToMilliseconds(clock.GetUtcNow().UtcDateTime);
        delivery.Status = WebhookDeliveryStatus.Pending;
        delivery.NextAttemptAt = now;
        delivery.RetryUntil = now + TimeSpan.FromHours(Math.Max(0, options.Value.Webhooks.RetryHours));
        delivery.DeliveredAt = null;
        await db.SaveChangesAsync(ct);
        signal.Ring();
        return TypedResults.Ok(delivery.ToResponse());
    }

    private static async Task<Ok<WebhookPayload>> Sample(HttpContext http, KassaDbContext db, WebhookOutbox outbox, CancellationToken ct)
    {
        var (target, @event) = (http.Request.Query["target"].ToString(), http.Request.Query["event"].ToString());
        var errors = new FieldErrors();
        CheckPair(errors, target, @event);
        errors.ThrowIfAny();
        var order = await db.Orders.AsNoTracking().OrderByDescending(o => o.Id).FirstOrDefaultAsync(ct) ?? WebhookSample.Order(outbox.Now);
        return TypedResults.Ok(outbox.Payload(order, @event, outbox.Now));
    }

    private static async Task ApplyAsync(WebhookRequest request, Webhook webhook, bool isNew, WebhooksOptions options, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.Enabled.IsSet) webhook.Enabled = request.Enabled.Value;
        if (request.Target.IsSet) webhook.Target = request.Target.Value ?? "";
        if (request.Event.IsSet) webhook.Event = request.Event.Value ?? "";
        if (request.TargetId.IsSet) webhook.TargetId = request.TargetId.Value;
        if (request.Description.IsSet) webhook.Description = request.Description.Value;
        if (request.Url.IsSet) webhook.Url = request.Url.Value?.Trim() ?? "";

        if (isNew || request.Target.IsSet || request.Event.IsSet) CheckPair(errors, webhook.Target, webhook.Event);
        if (webhook.TargetId is <= 0) errors.Add("target_id", "target_id is the id of one object (a positive number), or null for all.");
        errors.Text("description", webhook.Description, 1000);
        if (errors.Check(webhook.Url.Length is > 0 and <= 2000, "url", "The url is required: the absolute http(s) url to POST events to (at most 2000 characters)."))
        {
            if (isNew || request.Url.IsSet)
            {
                if (await WebhookTargets.ProblemAsync(webhook.Url, options.AllowPrivateTargets, ct) is { } problem) errors.Add("url", problem);
            }
        }
        errors.ThrowIfAny();
    }

    private static void CheckPair(FieldErrors errors, string? target, string? @event)
    {
        if (!WebhookEvents.EventsOf.TryGetValue(target ?? "", out var events))
            errors.Add("target", $"'{target}' is not a webhook target; use one of: {string.Join(", ", WebhookEvents.Targets)}.");
        else if (!WebhookEvents.IsKnown(target, @event))
            errors.Add("event", $"'{@event}' is not an event of target '{target}'; use one of: {string.Join(", ", events)}.");
    }

    private static async Task<Webhook> FindAsync(IQueryable<Webhook> webhooks, long id, CancellationToken ct) =>
        await webhooks.SingleOrDefaultAsync(w => w.Id == id, ct) ?? throw new NotFoundException("Webhook", id);

    /// <summary>A new signing secret: 32 random bytes as hex, behind a prefix that says what it is.</summary>
    private static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
