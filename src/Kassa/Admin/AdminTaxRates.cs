using Kassa.Data;
using Kassa.Pricing;
using Kassa.Taxes;
using Microsoft.EntityFrameworkCore;

namespace Kassa.AdminPages;

/// <summary>The store's tax rates per destination country and tax class, saved by the tax rates API's own create and update.</summary>
public static class AdminTaxRates
{
    public static void MapAdminTaxRates(this LazyEndpoints pages)
    {
        pages.Get("/tax-rates", List);
        pages.Get("/tax-rates/new", (HttpContext http, KassaDbContext db, CancellationToken ct) => Edit(null, http, db, ct));
        pages.Get("/tax-rates/{id:long}", (long id, HttpContext http, KassaDbContext db, CancellationToken ct) => Edit(id, http, db, ct));
        pages.Post("/tax-rates", (IFormCollection form, KassaDbContext db, CancellationToken ct) => Save(null, form, db, ct));
        pages.Post("/tax-rates/{id:long}", (long id, IFormCollection form, KassaDbContext db, CancellationToken ct) => Save(id, form, db, ct));
        pages.Deletes("/tax-rates", TaxRatesApi.Crud.Delete, (id, http, db, ct, why, status) => Edit(id, http, db, ct, why, status));
    }

    private const string Section = "Tax rates";

    private static async Task<IResult> List(HttpContext http, KassaDbContext db, CancellationToken ct)
    {
        var rates = await db.TaxRates.AsNoTracking().OrderBy(r => r.CountryCode).ThenBy(r => r.TaxClass).ToListAsync(ct);
        return AdminUi.Page<TablePage>(new()
        {
            ["Title"] = "Tax rates by country", ["Section"] = Section, ["Notice"] = AdminUi.Notice(http.Request),
            ["Headers"] = new[] { "Country", "Tax class", "Rate" },
            ["Rows"] = rates.Select(r => new TableRow($"/admin/tax-rates/{r.Id}", [r.CountryCode, AdminWords.Of(r.TaxClass), AdminWords.Percent(r.Rate)])).ToList(),
            ["Empty"] = "No rates by country yet: every cart pays its products' own rates (or the store's default).",
            ["NewHref"] = "/admin/tax-rates/new", ["NewText"] = "New tax rate",
        });
    }

    private static async Task<AdminForm> Form(long? id, KassaDbContext db, FormErrors? errors, Dictionary<string, string?>? values, CancellationToken ct)
    {
        var rate = id is { } rid ? await db.TaxRates.AsNoTracking().SingleOrDefaultAsync(r => r.Id == rid, ct) : null;
        List<FormField> fields =
        [
            new("country_code", "Country", Hint: "The destination's two-letter code, like FI.", Required: true),
            new("tax_class", "Tax class", "select", "Products of this class shipped to this country pay this rate.",
                [.. TaxClasses.All.Select(c => (c, AdminWords.Of(c)))]),
            new("rate", "Rate (%)", "amount", Required: true),
        ];
        values ??= rate is null
            ? new() { ["tax_class"] = TaxClasses.Standard }
            : new() { ["country_code"] = rate.CountryCode, ["tax_class"] = rate.TaxClass, ["rate"] = AdminCatalog.Amount(rate.Rate) };
        return new AdminForm
        {
            Title = rate is null ? "New tax rate" : $"{rate.CountryCode} {AdminWords.Of(rate.TaxClass).ToLowerInvariant()} rate",
            Action = rate is null ? "/admin/tax-rates" : $"/admin/tax-rates/{rate.Id}",
            Fields = fields, Values = values, Errors = errors ?? new(),
        };
    }

    private static async Task<IResult> Edit(long? id, HttpContext http, KassaDbContext db, CancellationToken ct, string? refusal = null, int status = StatusCodes.Status200OK)
    {
        if (id is { } rid && !await db.TaxRates.AnyAsync(r => r.Id == rid, ct)) return TypedResults.NotFound();
        return AdminUi.Page<FormPage>(new()
        {
            ["Form"] = await Form(id, db, null, null, ct), ["Section"] = Section, ["Notice"] = AdminUi.Notice(http.Request), ["Refusal"] = refusal,
            ["ChildContent"] = id is null ? null : AdminDelete.Button($"/admin/tax-rates/{id}/delete", "Delete this rate"),
        }, status);
    }

    private static async Task<IResult> Save(long? id, IFormCollection posted, KassaDbContext db, CancellationToken ct)
    {
        if (id is { } rid && !await db.TaxRates.AnyAsync(r => r.Id == rid, ct)) return TypedResults.NotFound();
        var errors = new FormErrors();
        var read = new FormReader(posted, errors);
        var rate = read.Amount("rate", "24");
        if (rate is null && !errors["rate"].Any() && id is not null) errors.Add("rate", "Enter a rate.");
        var request = new TaxRateRequest(read.Text("country_code") ?? "", read.Text("tax_class") ?? "",
            rate is { } r ? r : default(Http.Optional<decimal>));
        return await AdminCatalog.SaveAsync(errors, posted, "/admin/tax-rates", id,
            async () => id is { } existingId
                ? (await TaxRatesApi.Crud.Update(existingId, request, db, ct)).Value!.Id
                : (await TaxRatesApi.Crud.Create(request, db, ct)).Value!.Id,
            (e, v) => Form(id, db, e, v, ct), Section, db);
    }
}
