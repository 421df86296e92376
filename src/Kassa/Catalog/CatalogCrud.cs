using Kassa.Data;
using Kassa.Http;
using Kassa.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Catalog;

/// <summary>
/// The admin list/get/create/update/delete endpoints every catalog object shares (products,
/// shipping methods, discounts); each object supplies only its mapping, rules and filters.
/// </summary>
public sealed class CatalogCrud<TEntity, TRequest, TResponse>
    where TEntity : class, IEntity, new()
    where TRequest : class
{
    public required string Path { get; init; }
    public required string DisplayName { get; init; }
    public required QueryFilters<TEntity> Filters { get; init; }
    public required Func<TEntity, StoreSettings, TResponse> ToResponse { get; init; }

    /// <summary>Validates the request and applies it to the entity; throws on invalid input.</summary>
    public required Func<TRequest, TEntity, bool, KassaDbContext, StoreSettings, CancellationToken, Task> Apply { get; init; }

    /// <summary>Throws when the entity must not be deleted (e.g. something still refers to it).</summary>
    public Func<TEntity, KassaDbContext, CancellationToken, Task>? BeforeDelete { get; init; }

    /// <summary>
    /// Maps the object's endpoints. <paramref name="endpoints"/> maps the five handlers below with the object's own types,
    /// written out in its API file: the request delegate generator compiles a handler at build time only when it sees
    /// its types at the call site, and here they are type parameters (RDG011). Built at run time instead, every host
    /// compiled these handlers again on its first request.
    /// </summary>
    public RouteGroupBuilder Map(RouteGroupBuilder admin, string tag, Func<RouteGroupBuilder, CatalogEndpoints> endpoints)
    {
        var group = admin.MapGroup(Path).WithTags(tag).RequireAdminKey();
        var article = "aeiou".Contains(DisplayName[0], StringComparison.OrdinalIgnoreCase) ? "an" : "a";
        var objectName = Filters.ObjectName;
        var mapped = endpoints(group);
        mapped.List.WithName($"list{TypeName}s").WithListQuery(Filters)
            .WithSummary($"List {DisplayName}s (paged; filter with q.{objectName}.<attribute>.<operator>=value)");
        mapped.Get.WithName(GetRouteName).WithSummary($"Get {article} {DisplayName}");
        // A code or variant written at the same time as this one is a 409 (Save).
        mapped.Create.WithName($"create{TypeName}").WithSummary($"Create {article} {DisplayName}").WithProblems(StatusCodes.Status409Conflict);
        mapped.Update.WithName($"update{TypeName}").WithSummary($"Update the given attributes of {article} {DisplayName}")
            .WithProblems(StatusCodes.Status409Conflict);
        mapped.Delete.WithName($"delete{TypeName}").WithSummary($"Delete {article} {DisplayName}")
            .WithProblems(StatusCodes.Status409Conflict);
        return group;
    }

    internal async Task<Ok<List<TResponse>>> List(HttpContext http, KassaDbContext db, CancellationToken ct)
    {
        var paging = Paging.From(http.Request);
        var query = Filters.Apply(db.Set<TEntity>().AsNoTracking(), http.Request);
        var total = await query.CountAsync(ct);
        var page = await query.OrderBy(e => e.Id).Skip(paging.Skip).Take(paging.PerPage).ToListAsync(ct);
        var settings = await db.GetStoreSettingsAsync(ct);
        paging.WriteHeaders(http, total);
        return TypedResults.Ok(page.Select(e => ToResponse(e, settings)).ToList());
    }

    internal async Task<Ok<TResponse>> Get(long id, KassaDbContext db, CancellationToken ct)
    {
        var entity = await Find(db.Set<TEntity>().AsNoTracking(), id, ct);
        return TypedResults.Ok(ToResponse(entity, await db.GetStoreSettingsAsync(ct)));
    }

    /// <summary>The display name in PascalCase ("shipping method" → "ShippingMethod"), for operation ids.</summary>
    private string TypeName => string.Concat(DisplayName.Split(' ').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private string GetRouteName => $"get{TypeName}";

    internal async Task<CreatedAtRoute<TResponse>> Create(TRequest request, KassaDbContext db, CancellationToken ct)
    {
        var settings = await db.GetStoreSettingsAsync(ct);
        var entity = new TEntity();
        await Apply(request, entity, true, db, settings, ct);
        db.Set<TEntity>().Add(entity);
        await Save(db, ct);
        return TypedResults.CreatedAtRoute(ToResponse(entity, settings), GetRouteName, new { id = entity.Id });
    }

    internal async Task<Ok<TResponse>> Update(long id, TRequest request, KassaDbContext db, CancellationToken ct)
    {
        var entity = await Find(db.Set<TEntity>(), id, ct);
        var settings = await db.GetStoreSettingsAsync(ct);
        await Apply(request, entity, false, db, settings, ct);
        await Save(db, ct);
        return TypedResults.Ok(ToResponse(entity, settings));
    }

    internal async Task<NoContent> Delete(long id, KassaDbContext db, CancellationToken ct)
    {
        var entity = await Find(db.Set<TEntity>(), id, ct);
        if (BeforeDelete is not null) await BeforeDelete(entity, db, ct);
        db.Set<TEntity>().Remove(entity);
        await Save(db, ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Saves; a constraint the checks above could not see (a duplicate code or a new variant written by a
    /// concurrent request) is a 409, not a 500. Concurrency-token failures are mapped by the problem handler.
    /// </summary>
    private async Task Save(KassaDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsConstraintViolation())
        {
            throw new ConflictException($"The {DisplayName} could not be saved because it conflicts with a change made at the same time; read it again and retry.");
        }
    }

    private async Task<TEntity> Find(IQueryable<TEntity> query, long id, CancellationToken ct) =>
        await query.SingleOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException(char.ToUpperInvariant(DisplayName[0]) + DisplayName[1..], id);
}

/// <summary>
/// A catalog object's five endpoints, as its API file maps them: <c>GET /</c>, <c>GET /{id:long}</c>, <c>POST /</c>,
/// <c>PUT /{id:long}</c> and <c>DELETE /{id:long}</c> on the group it is given.
/// </summary>
public sealed record CatalogEndpoints(
    RouteHandlerBuilder List, RouteHandlerBuilder Get, RouteHandlerBuilder Create, RouteHandlerBuilder Update, RouteHandlerBuilder Delete);
