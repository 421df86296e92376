using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Tests.AdminPages;

/// <summary>
/// Products, shipping methods and discount codes are deleted from their pages' own button, through the API's own
/// handler; what the API refuses (a product with variants) is shown on the page with nothing deleted, and a delete
/// without the page's antiforgery token is refused. A host of its own: it deletes demo rows.
/// </summary>
public sealed class AdminDeleteTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    public static TheoryData<string, long, string> Deletable => new()
    {
        { "products", Demo.StarChart, "Delete this product" },
        { "shipping-methods", Demo.AdvancedShipping, "Delete this shipping method" },
        { "discounts", 1, "Delete this discount code" }, // the demo's XMAS
    };

    [Theory]
    [MemberData(nameof(Deletable))]
    public async Task An_object_is_deleted_from_its_page_and_is_then_gone(string section, long id, string button)
    {
        var admin = await AdminSession.SignedInAsync(factory);
        Assert.Contains(button, await admin.PageAsync($"/admin/{section}/{id}"));

        using var deleted = await admin.PostAsync($"/admin/{section}/{id}", $"/admin/{section}/{id}/delete");

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal($"/admin/{section}?notice=deleted", deleted.Headers.Location!.OriginalString);
        Assert.Contains("Deleted.", await admin.PageAsync($"/admin/{section}?notice=deleted"));
        Assert.False(await Exists(section, id));
        await admin.PageAsync($"/admin/{section}/{id}", HttpStatusCode.NotFound);
        using var again = await admin.PostAsync($"/admin/{section}", $"/admin/{section}/{id}/delete");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_product_with_variants_is_not_deleted_and_its_page_says_why()
    {
        var admin = await AdminSession.SignedInAsync(factory);

        using var refused = await admin.PostAsync($"/admin/products/{Demo.Shirt}", $"/admin/products/{Demo.Shirt}/delete");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"Not deleted: Product {Demo.Shirt} has variants; delete them first.", html);
        Assert.Contains("Delete this product", html);
        Assert.True(await Exists("products", Demo.Shirt));
    }

    [Fact]
    public async Task A_delete_without_the_pages_token_is_refused_and_deletes_nothing()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        await admin.PageAsync($"/admin/products/{Demo.GiftCard}");

        using var answer = await admin.PostRawAsync($"/admin/products/{Demo.GiftCard}/delete");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.True(await Exists("products", Demo.GiftCard));
    }

    private async Task<bool> Exists(string section, long id)
    {
        await using var scope = factory.Scope(out var db);
        return section switch
        {
            "products" => await db.Products.AnyAsync(p => p.Id == id),
            "shipping-methods" => await db.ShippingMethods.AnyAsync(m => m.Id == id),
            _ => await db.Discounts.AnyAsync(d => d.Id == id),
        };
    }
}
