using Kassa.Data;
using Kassa.Validation;
using Microsoft.AspNetCore.Components;

namespace Kassa.AdminPages;

/// <summary>
/// The delete button under an object's form, and the post it sends. Deletion goes through the API's own handler
/// (<see cref="Catalog.CatalogCrud{TEntity,TRequest,TResponse}.Delete"/>), so the admin deletes exactly what the API
/// would; when the API refuses (a product that still has variants), the object's page is shown again with the reason.
/// A delete route takes the posted form, so that its antiforgery token is enforced (<see cref="LazyEndpoints"/>).
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
    /// Runs <paramref name="delete"/>: then back to <paramref name="listPath"/> with a notice; an object that is not there
    /// is a 404; a refusal is <paramref name="refusedPage"/>, given the API's reason and status.
    /// </summary>
    public static async Task<IResult> RunAsync(
        Func<Task> delete, string listPath, KassaDbContext db, Func<string, int, Task<IResult>> refusedPage)
    {
        try
        {
            await delete();
        }
        catch (NotFoundException)
        {
            return TypedResults.NotFound();
        }
        catch (DomainException refused)
        {
            db.ChangeTracker.Clear();
            return await refusedPage(refused.Message, refused.Status);
        }
        return AdminUi.SavedTo(listPath, "deleted");
    }
}
