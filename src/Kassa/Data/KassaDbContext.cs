using Kassa.Carts;
using Kassa.Catalog;
using Kassa.Checkouts;
using Kassa.CartRules;
using Kassa.Discounts;
using Kassa.Idempotency;
using Kassa.Ordering;
using Kassa.Payments;
using Kassa.Settings;
using Kassa.Shipping;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Kassa.Data.Sqlite;

namespace Kassa.Data;

/// <summary>
/// The one DbContext. Each database provider has a subclass only so that it can own its own
/// migrations; the model is the same.
/// </summary>
public abstract class KassaDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ShippingMethod> ShippingMethods => Set<ShippingMethod>();
    public DbSet<Discount> Discounts => Set<Discount>();
    public DbSet<CartRule> CartRules => Set<CartRule>();
    public DbSet<StoreSettings> StoreSettings => Set<StoreSettings>();
    public DbSet<Taxes.StoreTaxRate> TaxRates => Set<Taxes.StoreTaxRate>();
    public DbSet<Cart> Carts => Set<Cart>();
    public DbSet<CartItem> CartItems => Set<CartItem>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<Checkout> Checkouts => Set<Checkout>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<PaymentEventRecord> PaymentEvents => Set<PaymentEventRecord>();
    public DbSet<Webhooks.Webhook> Webhooks => Set<Webhooks.Webhook>();
    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();
    public DbSet<AdminPages.AdminSignOut> AdminSignOuts => Set<AdminPages.AdminSignOut>();

    private CatalogCache? _sharedRows;

    /// <summary>The app's shared catalog rows for cart reads; null where the context was built without the app (design time).</summary>
    public CatalogCache? CatalogCache => _sharedRows ??= AppService<CatalogCache>();

    private CartLocks? _cartLocks;

    /// <summary>The app's per-cart locks; a context built without the app has its own.</summary>
    public CartLocks CartLocks => _cartLocks ??= AppService<CartLocks>() ?? new CartLocks();

    private OrderTelemetry? _orderTelemetry;

    /// <summary>The app's order events (log and metrics); a context built without the app tells nobody.</summary>
    public OrderTelemetry OrderTelemetry => _orderTelemetry ??= AppService<OrderTelemetry>() ?? OrderTelemetry.Detached;

    private PaymentTelemetry? _paymentTelemetry;

    /// <summary>The app's payment events (log and metrics); a context built without the app tells nobody.</summary>
    public PaymentTelemetry PaymentTelemetry => _paymentTelemetry ??= AppService<PaymentTelemetry>() ?? PaymentTelemetry.Detached;

    private Webhooks.WebhookOutbox? _webhookOutbox;

    /// <summary>What writing webhook events needs from the app; null for a context built without the app (it writes none).</summary>
    public Webhooks.WebhookOutbox? WebhookOutbox => _webhookOutbox ??= AppService<Webhooks.WebhookOutbox>();

    /// <summary>A singleton of the app this context belongs to.</summary>
    protected T? AppService<T>() where T : class =>
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<T>();

    private StampingInterceptor? _stamps;

    /// <summary>The stamping interceptor this context was built with, for writes that save without SaveChanges.</summary>
    public StampingInterceptor Stamps => _stamps ??= StampingInterceptor.Of(this);

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Money and rates: enough room for any price, exact to well beyond any minor unit.
        builder.Properties<decimal>().HavePrecision(20, 6);
        // Every time is UTC; SQLite hands DateTime back unspecified, so say so on the way in.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<string>().HaveMaxLength(2000);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(KassaDbContext).Assembly);
}

public sealed class SqliteKassaDbContext(DbContextOptions<SqliteKassaDbContext> options) : KassaDbContext(options)
{
    private SqliteReadConnections? _readConnections;
    private GroupCommitWriter? _writer;

    /// <summary>The app's kept-open read connections; null where the context was built without the app (design time).</summary>
    public SqliteReadConnections? ReadConnections => _readConnections ??= AppService<SqliteReadConnections>();

    /// <summary>The app's kept-open connection for the hot writes; null where the context was built without the app.</summary>
    public GroupCommitWriter? Writer => _writer ??= AppService<GroupCommitWriter>();

    /// <summary>The app's write lock while this context holds it (<see cref="SqliteWriteLockInterceptor"/>), and what took it.</summary>
    internal (SqliteWriteLock.Held Held, SqliteWriteLockInterceptor.Holder Holder)? WriteLockHold { get; set; }

    internal void ReleaseWriteLock()
    {
        WriteLockHold?.Held.Dispose();
        WriteLockHold = null;
    }

    // A context disposed while it holds the lock (a transaction left unfinished by an exception) hands it on.
    public override void Dispose()
    {
        ReleaseWriteLock();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        ReleaseWriteLock();
        return base.DisposeAsync();
    }
}

public sealed class PostgresKassaDbContext(DbContextOptions<PostgresKassaDbContext> options) : KassaDbContext(options);
