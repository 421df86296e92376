using Kassa.Data;
using Kassa.Http;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Catalog;

public static class ProductsApi
{
    internal static readonly CatalogCrud<Product, ProductRequest, ProductResponse> Crud = new()
    {
        Path = "/products",
        DisplayName = "product",
        Filters = new QueryFilters<Product>("product")
            .Add("id", p => p.Id)
            .Add("name", p => p.Name)
            .Add("sku", p => p.Sku)
            .Add("description", p => p.Description)
            .Add("price", p => p.Price)
            .Add("tax_rate", p => p.TaxRate)
            .Add("stock", p => p.Stock)
            .Add("status", p => p.Status)
            .Add("parent_id", p => p.ParentId)
            .Add("created_at", p => p.CreatedAt)
            .Add("updated_at", p => p.UpdatedAt),
        ToResponse = ProductMapping.ToResponse,
        Apply = (request, product, isNew, db, settings, ct) => request.ApplyAsync(product, isNew, db, settings, ct),
        BeforeDelete = async (product, db, ct) =>
        {
            if (await db.Products.AnyAsync(p => p.ParentId == product.Id, ct))
                throw new ConflictException($"Product {product.Id} has variants; delete them first.");
        },
    };

    public static RouteGroupBuilder MapProductsApi(this RouteGroupBuilder admin) => Crud.Map(admin, "Catalog: products", group => new(
        group.MapGet("/", (HttpContext http, KassaDbContext db, CancellationToken ct) => Crud.List(http, db, ct)),
        group.MapGet("/{id:long}", (long id, KassaDbContext db, CancellationToken ct) => Crud.Get(id, db, ct)),
        group.MapPost("/", (ProductRequest request, KassaDbContext db, CancellationToken ct) => Crud.Create(request, db, ct)),
        group.MapPut("/{id:long}", (long id, ProductRequest request, KassaDbContext db, CancellationToken ct) => Crud.Update(id, request, db, ct)),
        group.MapDelete("/{id:long}", (long id, KassaDbContext db, CancellationToken ct) => Crud.Delete(id, db, ct))));
}
