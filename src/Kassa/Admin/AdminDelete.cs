using Kassa.Data;
using Kassa.Validation;
using Microsoft.AspNetCore.Components;

namespace Kassa.AdminPages;

/// <summary>
/// The delete button under an object's form, and the post it sends. Deletion goes through the API's own handler
/// (<see cref="Catalog.CatalogCrud{TEntity,TRequest,TResponse}.Delete"/>), so the admin deletes exactly what the API
/// would; when the API refuses (a product that still has variants), the object's page is shown again with the reason.
/// </summary>
internal static class AdminDelete
{
    public static RenderFragment Button(string action, string text) => b =>
    {
        b.OpenComponent<DeleteForm>(0);
        b.AddAttribute(1, nameof(DeleteForm.Action), action);
        b.AddAttribute(2, nameof(DeleteForm.Text), text);
        b.CloseComponent();
    };

    /// <summary>
    /// Maps <c>POST /admin{path}/{id}/delete</c>: <paramref name="delete"/> (the API's own), then back to the list with a
    /// notice; an object that is not there is a 404; a refusal is the object's <paramref name="page"/>, given the API's
    /// reason and status. The handler takes the posted form, so that its antiforgery token is enforced.
    /// </summary>
    public static LazyEndpoints Deletes(this LazyEndpoints pages, string path, Func<long, KassaDbContext, CancellationToken, Task> delete,
        Func<long, HttpContext, KassaDbContext, CancellationToken, string, int, Task<IResult>> page) =>
        pages.Post($"{path}/{{id:long}}/delete", async (long id, IFormCollection form, HttpContext http, KassaDbContext db, CancellationToken ct) =>
        {
            try
            {
                await delete(id, db, ct);
            }
            catch (NotFoundException)
            {
                return TypedResults.NotFound();
            }
            catch (DomainException refused)
            {
                db.ChangeTracker.Clear();
                return await page(id, http, db, ct, refused.Message, refused.Status);
            }
            return AdminUi.SavedTo($"/admin{path}", "deleted");
        });
}
