using System.Globalization;
using System.Text.RegularExpressions;
using Kassa.Catalog;
using Kassa.Data;
using Kassa.Discounts;
using Kassa.Pricing;
using Kassa.Settings;
using Kassa.Shipping;
using Kassa.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kassa.AdminPages;

/// <summary>
/// Products (with variants, translations and flat rates), shipping methods and discount codes. Every save goes through the
/// admin API's own create and update (<see cref="CatalogCrud{TEntity,TRequest,TResponse}"/> with each object's rules),
/// so a form can do nothing the API would refuse; the API's errors are shown next to the fields they name.
/// </summary>
public static partial class AdminCatalog
{
    public static void MapAdminCatalog(this LazyEndpoints pages)
    {
        pages.Get("/products", ProductList);
        pages.Get("/products/new", (HttpContext http, KassaDbContext db, CancellationToken ct) => ProductEdit(null, http, db, ct));
        pages.Get("/products/{id:long}", (long id, HttpContext http, KassaDbContext db, CancellationToken ct) => ProductEdit(id, http, db, ct));
        pages.Post("/products", (IFormCollection form, KassaDbContext db, CancellationToken ct) => ProductSave(null, form, db, ct));
        pages.Post("/products/{id:long}", (long id, IFormCollection form, KassaDbContext db, CancellationToken ct) => ProductSave(id, form, db, ct));
        pages.Deletes("/products", ProductsApi.Crud.Delete, (id, http, db, ct, why, status) => ProductEdit(id, http, db, ct, why, status));

        pages.Get("/shipping-methods", ShippingList);
        pages.Get("/shipping-methods/new", (HttpContext http, KassaDbContext db, CancellationToken ct) => ShippingEdit(null, http, db, ct));
        pages.Get("/shipping-methods/{id:long}", (long id, HttpContext http, KassaDbContext db, CancellationToken ct) => ShippingEdit(id, http, db, ct));
        pages.Post("/shipping-methods", (IFormCollection form, KassaDbContext db, CancellationToken ct) => ShippingSave(null, form, db, ct));
        pages.Post("/shipping-methods/{id:long}", (long id, IFormCollection form, KassaDbContext db, CancellationToken ct) => ShippingSave(id, form, db, ct));
        pages.Deletes("/shipping-methods", ShippingMethodsApi.Crud.Delete, (id, http, db, ct, why, status) => ShippingEdit(id, http, db, ct, why, status));

        pages.Get("/discounts", DiscountList);
        pages.Get("/discounts/new", (HttpContext http, KassaDbContext db, CancellationToken ct) => DiscountEdit(null, http, db, ct));
        pages.Get("/discounts/{id:long}", (long id, HttpContext http, KassaDbContext db, CancellationToken ct) => DiscountEdit(id, http, db, ct));
        pages.Post("/discounts", (IFormCollection form, KassaDbContext db, CancellationToken ct) => DiscountSave(null, form, db, ct));
        pages.Post("/discounts/{id:long}", (long id, IFormCollection form, KassaDbContext db, CancellationToken ct) => DiscountSave(id, form, db, ct));
        pages.Deletes("/discounts", DiscountsApi.Crud.Delete, (id, http, db, ct, why, status) => DiscountEdit(id, http, db, ct, why, status));
    }

    /// <summary>An amount as a shop owner would type it: 12.5, 20 (no stored scale such as 20.0).</summary>
    internal static string Amount(decimal? value) => value?.ToString("0.##########", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Named amounts one a line, as <see cref="FormReader.NamedAmounts"/> reads them back: "NO: 9.9".</summary>
    private static string Lines(IEnumerable<(string Name, decimal Amount)> entries) => string.Join('\n', entries.Select(e => $"{e.Name}: {Amount(e.Amount)}"));

    /// <summary>A product's flat shipping rates in the store's other currencies: the rate, and the rates by country.</summary>
    private static (CurrencyAmounts Rate, CurrencyAmounts ByCountry) FlatRatesIn(StoreSettings settings) =>
        (new("shipping.prices", CurrencyAmounts.Others(settings), ".flat_rate"), new("shipping.prices", CurrencyAmounts.Others(settings), ".country_rates"));

    // ---- products ----

    private static async Task<IResult> ProductList(HttpContext http, KassaDbContext db, CancellationToken ct)
    {
        var settings = await db.GetStoreSettingsAsync(ct);
        var products = await db.Products.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        var variants = products.Where(p => p.ParentId is not null).ToLookup(p => p.ParentId);
        var rows = new List<TableRow>();
        foreach (var p in products.Where(p => p.ParentId is null))
        {
            rows.Add(ProductRow(p, settings.DefaultCurrency, ""));
            rows.AddRange(variants[p.Id].Select(v => ProductRow(v, settings.DefaultCurrency, "↳ ")));
        }
        return AdminUi.Page<TablePage>(new()
        {
            ["Title"] = "Products", ["Section"] = "Products", ["Notice"] = AdminUi.Notice(http.Request),
            ["Headers"] = new[] { "Name", "SKU", $"Price ({settings.PriceEntryMode})", "Tax rate", "Stock", "Status" },
            ["Rows"] = rows, ["NewHref"] = "/admin/products/new", ["NewText"] = "New product",
        });
    }

    private static TableRow ProductRow(Product p, string currency, string prefix) => new($"/admin/products/{p.Id}",
    [
        prefix + p.Name + (p.VariantAttributesText() is { } v ? $" ({v})" : ""), p.Sku ?? "", AdminWords.Money(p.Price, currency),
        p.TaxRate is { } rate ? AdminWords.Percent(rate) : "store default", p.Stock?.ToString(CultureInfo.InvariantCulture) ?? "not tracked", AdminWords.Of(p.Status),
    ]);

    private static async Task<AdminForm> ProductForm(long? id, KassaDbContext db, FormErrors? errors, Dictionary<string, string?>? values, CancellationToken ct)
    {
        var settings = await db.GetStoreSettingsAsync(ct);
        var prices = new CurrencyAmounts("prices", CurrencyAmounts.Others(settings));
        var (flatRate, flatByCountry) = FlatRatesIn(settings);
        var parents = await db.Products.AsNoTracking().Where(p => p.ParentId == null && p.Id != id).OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        List<FormField> fields =
        [
            new("name", "Name", Required: true),
            new("sku", "SKU"),
            new("description", "Description", "textarea"),
            new("price", $"Price ({settings.DefaultCurrency})", "amount", $"Entered {settings.PriceEntryMode} of tax, as the store's price entry mode says.", Required: true),
            .. prices.Fields("Price", hint: c => $"Entered {settings.PriceEntryMode} of tax too; leave empty to not sell it in {c} (prices are never converted)."),
            new("tax_rate", "Tax rate (%)", "amount", $"Leave empty for the store's default rate ({AdminWords.Percent(settings.DefaultTaxRate)})."),
            new("tax_class", "Tax class", "select", "Which of the store's tax rates by country applies; without one for the shopper's country, the tax rate above.",
                [.. TaxClasses.All.Select(c => (c, AdminWords.Of(c)))]),
            new("stock", "Stock", "integer", "Units on hand; leave empty to not track stock."),
            new("status", "Status", "select", "Only live products are sold.", [(ProductStatus.Live, "Live"), (ProductStatus.Draft, "Draft")]),
            new("image_url", "Image URL", Hint: "An absolute https:// address."),
            new("parent_id", "Variant of", "select", "A variant is sold as a choice of its product.",
                [("", "(none: a product of its own)"), .. parents.Select(p => (p.Id.ToString(CultureInfo.InvariantCulture), p.Name))]),
            new("variant_type", "Variant type", Hint: "For a variant: what it differs in, e.g. Colour."),
            new("variant_value", "Variant value", Hint: "For a variant: its value, e.g. Red."),
            .. settings.Languages.Skip(1).Select(language => new FormField($"translations.name.{language}", $"Name in {language}")),
            new("shipping.flat_rate", $"Flat shipping rate ({settings.DefaultCurrency})", "amount", "Per unit, for shops that ship at flat rates; leave empty for none."),
            new("shipping.country_rates", "Flat rates by country", "textarea", "One country per line, like 'NO: 9.90'."),
            .. flatRate.Fields("Flat shipping rate", hint: c => $"Per unit in {c}; without a rate in {c}, a cart in {c} cannot ship at flat rates."),
            .. flatByCountry.Fields("Flat rates by country", "textarea", c => $"In {c}, one country per line, like 'NO: 99'."),
        ];
        var product = id is { } pid ? await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pid, ct) : null;
        var variantsOf = id is { } vid ? await db.Products.AsNoTracking().Where(p => p.ParentId == vid).OrderBy(p => p.Id).ToListAsync(ct) : [];
        var asStored = values is null && product is not null;
        values ??= product is null
            ? new() { ["status"] = ProductStatus.Live, ["tax_class"] = TaxClasses.Standard }
            : new()
            {
                ["name"] = product.Name, ["sku"] = product.Sku, ["description"] = product.Description, ["price"] = Amount(product.Price),
                ["tax_rate"] = Amount(product.TaxRate), ["tax_class"] = product.TaxClass, ["stock"] = product.Stock?.ToString(CultureInfo.InvariantCulture), ["status"] = product.Status,
                ["image_url"] = product.ImageUrl, ["parent_id"] = product.ParentId?.ToString(CultureInfo.InvariantCulture),
                ["variant_type"] = product.VariantAttributes.FirstOrDefault()?.VariantType.Name,
                ["variant_value"] = product.VariantAttributes.FirstOrDefault()?.VariantValue.Name,
                ["shipping.flat_rate"] = Amount(product.FlatShippingRate),
                ["shipping.country_rates"] = Lines(product.FlatShippingRates.Select(r => (r.Key, r.Value))),
            };
        if (product is not null && values.Count > 0)
            foreach (var (language, name) in product.NameTranslations) values.TryAdd($"translations.name.{language}", name);
        if (asStored)
        {
            prices.Fill(values, product!.Prices);
            flatRate.Fill(values, product.FlatShippingPrices.Where(p => p.Value.FlatRate is not null).ToDictionary(p => p.Key, p => p.Value.FlatRate!.Value));
            foreach (var (currency, flat) in product.FlatShippingPrices.Where(p => flatByCountry.Currencies.Contains(p.Key)))
                values[flatByCountry.NameOf(currency)] = Lines((flat.CountryRates ?? []).Select(r => (r.Key, r.Value)));
        }
        return new AdminForm
        {
            Title = product is null ? "New product" : product.Name,
            Action = product is null ? "/admin/products" : $"/admin/products/{product.Id}",
            Fields = fields,
            Values = values,
            Errors = errors ?? new(),
            Links = product is null ? [] :
            [
                .. variantsOf.Select(v => ($"Variant: {v.Name} ({v.VariantAttributesText()})", $"/admin/products/{v.Id}")),
                .. product.ParentId is null ? new[] { ("Add a variant of this product", $"/admin/products/new?parent={product.Id}") } : [],
            ],
        };
    }

    private static async Task<IResult> ProductEdit(
        long? id, HttpContext http, KassaDbContext db, CancellationToken ct, string? refusal = null, int status = StatusCodes.Status200OK)
    {
        if (id is { } pid && !await db.Products.AnyAsync(p => p.Id == pid, ct)) return TypedResults.NotFound();
        Dictionary<string, string?>? values = null;
        if (id is null && long.TryParse(http.Request.Query["parent"], out var parent))
            values = new() { ["status"] = ProductStatus.Live, ["tax_class"] = TaxClasses.Standard, ["parent_id"] = parent.ToString(CultureInfo.InvariantCulture) };
        var form = await ProductForm(id, db, null, values, ct);
        return AdminUi.Page<FormPage>(new()
        {
            ["Form"] = form, ["Section"] = "Products", ["Notice"] = AdminUi.Notice(http.Request), ["Refusal"] = refusal,
            ["ChildContent"] = id is null ? null : AdminDelete.Button($"/admin/products/{id}/delete", "Delete this product"),
        }, status);
    }

    private static async Task<IResult> ProductSave(long? id, IFormCollection posted, KassaDbContext db, CancellationToken ct)
    {
        var errors = new FormErrors();
        var read = new FormReader(posted, errors);
        var existing = id is { } pid ? await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pid, ct) : null;
        if (id is not null && existing is null) return TypedResults.NotFound();
        var settings = await db.GetStoreSettingsAsync(ct);
        var prices = new CurrencyAmounts("prices", CurrencyAmounts.Others(settings));
        var (flatRate, flatByCountry) = FlatRatesIn(settings);

        var parentId = read.Text("parent_id") is { } parentText && long.TryParse(parentText, out var parsed) ? parsed : (long?)null;
        var type = read.Text("variant_type");
        var value = read.Text("variant_value");
        List<VariantAttributeWire> attributes = type is null && value is null ? [] : [new(new(null, type ?? ""), new(null, value ?? ""))];
        // The form edits the first attribute; any others (set through the API) are kept.
        attributes.AddRange((existing?.VariantAttributes ?? []).Skip(1).Select(a => new VariantAttributeWire(new(a.VariantType.Id, a.VariantType.Name), new(a.VariantValue.Id, a.VariantValue.Name))));
        var translations = existing?.NameTranslations.Where(t => !settings.Languages.Skip(1).Contains(t.Key)).ToDictionary() ?? [];
        foreach (var language in settings.Languages.Skip(1))
            if (read.Text($"translations.name.{language}") is { } name) translations[language] = name;
        Dictionary<string, decimal> RatesByCountry(string field) =>
            read.NamedAmounts(field).Where(r => r.Amount is not null).GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.Last().Amount!.Value);
        // The flat rates in other currencies: those typed (a currency with neither a rate nor a country's is removed), and the
        // stored ones of currencies the form has no field for.
        var flatPrices = flatRate.Kept(existing?.FlatShippingPrices)
            .ToDictionary(p => p.Key, p => (ProductShippingPriceRequest?)new ProductShippingPriceRequest(p.Value.FlatRate, p.Value.CountryRates));
        foreach (var currency in flatRate.Currencies)
        {
            var rate = read.Amount(flatRate.NameOf(currency));
            var byCountry = RatesByCountry(flatByCountry.NameOf(currency));
            if (rate is not null || byCountry.Count > 0) flatPrices[currency] = new ProductShippingPriceRequest(rate, byCountry);
        }
        var price = read.Amount("price");
        if (price is null && !errors[("price")].Any() && existing is not null) errors.Add("price", "Enter a price.");

        var request = new ProductRequest(
            read.Text("name") ?? "", read.Text("sku"), read.Text("description"),
            price is { } p ? p : default(Http.Optional<decimal>), prices.Read(read, existing?.Prices), read.Amount("tax_rate"),
            read.Text("tax_class") is { } taxClass ? taxClass : default(Http.Optional<string>), read.Integer("stock"),
            read.Text("status") ?? ProductStatus.Live, parentId, attributes, read.Text("image_url"),
            new ProductTranslationsWire(translations),
            new ProductShippingRequest(read.Amount("shipping.flat_rate"), RatesByCountry("shipping.country_rates"), flatPrices));

        return await SaveAsync(errors, posted, "/admin/products", id,
            async () => id is { } existingId
                ? (await ProductsApi.Crud.Update(existingId, request, db, ct)).Value!.Id
                : (await ProductsApi.Crud.Create(request, db, ct)).Value!.Id,
            (e, v) => ProductForm(id, db, e, v, ct), "Products", db,
            key => key.StartsWith("variant_attributes[0].variant_type", StringComparison.Ordinal) ? "variant_type"
                : key.StartsWith("variant_attributes[0].variant_value", StringComparison.Ordinal) || key == "variant_attributes" ? "variant_value"
                : key.StartsWith("shipping.country_rates", StringComparison.Ordinal) ? "shipping.country_rates"
                : FlatRateByCountry().Match(key) is { Success: true } rates ? rates.Groups[1].Value
                : key == "translations.name" ? "name" : prices.FieldOf(key) ?? key);
    }

    /// <summary>
    /// Saves through the API's handler when the form could be read; otherwise, or when the API refuses, shows the form again
    /// as posted, each problem next to its field.
    /// </summary>
    internal static async Task<IResult> SaveAsync(FormErrors errors, IFormCollection posted, string basePath, long? id, Func<Task<long>> save,
        Func<FormErrors, Dictionary<string, string?>, Task<AdminForm>> formOf, string section, KassaDbContext db, Func<string, string>? fieldOf = null)
    {
        var status = StatusCodes.Status422UnprocessableEntity;
        if (!errors.Any)
        {
            try
            {
                var savedId = await save();
                return AdminUi.SavedTo($"{basePath}/{savedId}");
            }
            catch (DomainException refused) when (refused is not NotFoundException)
            {
                db.ChangeTracker.Clear();
                var form = await formOf(errors, AdminForm.Posted(posted));
                errors.Take(refused, form.Fields, fieldOf);
                return AdminUi.Page<FormPage>(new() { ["Form"] = form, ["Section"] = section }, refused.Status);
            }
        }
        return AdminUi.Page<FormPage>(new() { ["Form"] = await formOf(errors, AdminForm.Posted(posted)), ["Section"] = section }, status);
    }

    // ---- shipping methods ----

    private static async Task<IResult> ShippingList(HttpContext http, KassaDbContext db, CancellationToken ct)
    {
        var settings = await db.GetStoreSettingsAsync(ct);
        var methods = await db.ShippingMethods.AsNoTracking().OrderBy(m => m.Id).ToListAsync(ct);
        return AdminUi.Page<TablePage>(new()
        {
            ["Title"] = "Shipping methods", ["Section"] = "Shipping", ["Notice"] = AdminUi.Notice(http.Request),
            ["Headers"] = new[] { "Name", $"Price ({settings.PriceEntryMode})", "Tax rate", "Options", "Countries", "Offered" },
            ["Rows"] = methods.Select(m => new TableRow($"/admin/shipping-methods/{m.Id}",
            [
                m.Name, AdminWords.Money(m.Amount, settings.DefaultCurrency), AdminWords.Percent(m.TaxRate), string.Join(", ", m.Options.Select(o => o.Name)),
                m.Countries.Count == 0 ? "all" : string.Join(", ", m.Countries), m.Enabled ? "yes" : "no",
            ])).ToList(),
            ["NewHref"] = "/admin/shipping-methods/new", ["NewText"] = "New shipping method",
        });
    }

    /// <summary>A method's amounts in the store's other currencies: its own, and its options' (one field a currency, an option a line).</summary>
    private static (CurrencyAmounts Prices, CurrencyAmounts OptionPrices) ShippingCurrencies(StoreSettings settings) =>
        (new("prices", CurrencyAmounts.Others(settings)), new("options.prices", CurrencyAmounts.Others(settings)));

    private static async Task<AdminForm> ShippingForm(long? id, KassaDbContext db, FormErrors? errors, Dictionary<string, string?>? values, CancellationToken ct)
    {
        var settings = await db.GetStoreSettingsAsync(ct);
        var (prices, optionPrices) = ShippingCurrencies(settings);
        var method = id is { } mid ? await db.ShippingMethods.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mid, ct) : null;
        List<FormField> fields =
        [
            new("name", "Name", Required: true),
            new("description", "Description", "textarea"),
            new("amount", $"Price ({settings.DefaultCurrency})", "amount", $"Entered {settings.PriceEntryMode} of tax.", Required: true),
            .. prices.Fields("Price", hint: c => $"Leave empty to not offer the method in {c} (prices are never converted)."),
            new("tax_rate", "Tax rate (%)", "amount"),
            new("options", "Options", "textarea", "Choices within the method, one per line with its price, like 'Parcel machine: 2.90'."),
            .. optionPrices.Fields("Options", "textarea", c => $"The options' prices in {c}, one per line like 'Parcel machine: 29.90'; an option not listed is not offered in {c}."),
            new("countries", "Countries", Hint: "Two-letter codes separated by commas, like 'EE, LV, LT'; leave empty for every country."),
            new("enabled", "Offered to shoppers", "checkbox"),
        ];
        if (values is null && method is not null)
        {
            values = new()
            {
                ["name"] = method.Name, ["description"] = method.Description, ["amount"] = Amount(method.Amount), ["tax_rate"] = Amount(method.TaxRate),
                ["options"] = Lines(method.Options.Select(o => (o.Name, o.Amount))),
                ["countries"] = string.Join(", ", method.Countries), ["enabled"] = method.Enabled ? "true" : null,
            };
            prices.Fill(values, method.Prices);
            foreach (var currency in optionPrices.Currencies)
                values[optionPrices.NameOf(currency)] = Lines(method.Options.Where(o => o.Prices?.ContainsKey(currency) == true).Select(o => (o.Name, o.Prices![currency])));
        }
        return new AdminForm
        {
            Title = method?.Name ?? "New shipping method",
            Action = method is null ? "/admin/shipping-methods" : $"/admin/shipping-methods/{method.Id}",
            Fields = fields, Values = values ?? new() { ["enabled"] = "true", ["tax_rate"] = "0" }, Errors = errors ?? new(),
        };
    }

    private static async Task<IResult> ShippingEdit(
        long? id, HttpContext http, KassaDbContext db, CancellationToken ct, string? refusal = null, int status = StatusCodes.Status200OK)
    {
        if (id is { } mid && !await db.ShippingMethods.AnyAsync(m => m.Id == mid, ct)) return TypedResults.NotFound();
        return AdminUi.Page<FormPage>(new()
        {
            ["Form"] = await ShippingForm(id, db, null, null, ct), ["Section"] = "Shipping", ["Notice"] = AdminUi.Notice(http.Request), ["Refusal"] = refusal,
            ["ChildContent"] = id is null ? null : AdminDelete.Button($"/admin/shipping-methods/{id}/delete", "Delete this shipping method"),
        }, status);
    }

    private static async Task<IResult> ShippingSave(long? id, IFormCollection posted, KassaDbContext db, CancellationToken ct)
    {
        var existing = id is { } mid ? await db.ShippingMethods.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mid, ct) : null;
        if (id is not null && existing is null) return TypedResults.NotFound();
        var settings = await db.GetStoreSettingsAsync(ct);
        var (prices, optionPrices) = ShippingCurrencies(settings);
        var errors = new FormErrors();
        var read = new FormReader(posted, errors);
        var amount = read.Amount("amount");
        if (amount is null && !errors["amount"].Any() && id is not null) errors.Add("amount", "Enter a price.");

        // Each option's amounts by currency: those typed for it by name, one currency's field a line, and the stored ones of
        // currencies the form has no field for. Where each came from, so the API's options[i].prices.NOK is shown at its line.
        var options = read.NamedAmounts("options");
        var amounts = options.Select(o => optionPrices.Kept(existing?.Options.FirstOrDefault(s => SameOption(s.Name, o.Name))?.Prices)).ToList();
        var lineOf = new Dictionary<(int Option, string Currency), int>();
        foreach (var currency in optionPrices.Currencies)
        {
            var field = optionPrices.NameOf(currency);
            var lines = read.NamedAmounts(field);
            for (var line = 0; line < lines.Count; line++)
            {
                if (lines[line].Amount is not { } price) continue; // the reader has said so at its line
                var option = options.FindIndex(o => SameOption(o.Name, lines[line].Name));
                if (option < 0) errors.Add(field, $"Line {line + 1}: there is no option '{lines[line].Name}' under Options.");
                else (amounts[option][currency], lineOf[(option, currency)]) = (price, line);
            }
        }

        var request = new ShippingMethodRequest(
            read.Text("name") ?? "", read.Text("description"), amount is { } a ? a : default(Http.Optional<decimal>), prices.Read(read, existing?.Prices),
            read.Amount("tax_rate") ?? 0, options.Select((o, i) => new ShippingOptionRequest(o.Name, o.Amount, amounts[i])).ToList(),
            read.Checked("enabled"), read.Words("countries"));
        return await SaveAsync(errors, posted, "/admin/shipping-methods", id,
            async () => id is { } existingId
                ? (await ShippingMethodsApi.Crud.Update(existingId, request, db, ct)).Value!.Id
                : (await ShippingMethodsApi.Crud.Create(request, db, ct)).Value!.Id,
            (e, v) => ShippingForm(id, db, e, v, ct), "Shipping", db,
            key => OptionPrice().Match(key) is { Success: true } m
                   && lineOf.TryGetValue((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value), out var line)
                ? $"{optionPrices.NameOf(m.Groups[2].Value)}[{line}]"
                : prices.FieldOf(key) ?? key);
    }

    /// <summary>Option names are told apart as the API does: trimmed, whatever the case.</summary>
    private static bool SameOption(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The API's key of a product's flat rate for a country in a currency, and (group 1) the field it was typed into.</summary>
    [GeneratedRegex(@"^(shipping\.prices\.[A-Za-z]+\.country_rates)\.")]
    private static partial Regex FlatRateByCountry();

    /// <summary>The API's key of an option's amount in a currency: <c>options[1].prices.NOK</c>.</summary>
    [GeneratedRegex(@"^options\[(\d+)\]\.prices\.([A-Za-z]+)$")]
    private static partial Regex OptionPrice();

    // ---- discounts ----

    private static async Task<IResult> DiscountList(HttpContext http, KassaDbContext db, CancellationToken ct)
    {
        var discounts = await db.Discounts.AsNoTracking().OrderBy(d => d.Id).ToListAsync(ct);
        return AdminUi.Page<TablePage>(new()
        {
            ["Title"] = "Discount codes", ["Section"] = "Discounts", ["Notice"] = AdminUi.Notice(http.Request),
            ["Headers"] = new[] { "Code", "Discount", "On", "Used", "Valid", "Status" },
            ["Rows"] = discounts.Select(d => new TableRow($"/admin/discounts/{d.Id}",
            [
                d.Code, d.DiscountType == DiscountTypes.Percentage ? AdminWords.Percent(d.Amount) : AdminWords.Money(d.Amount, d.Currency ?? ""),
                AdminWords.Of(d.AppliesTo), d.RedemptionLimit is { } limit ? $"{d.RedemptionCount} of {limit}" : $"{d.RedemptionCount}",
                $"{d.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "always"} – {d.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "no end"}",
                AdminWords.Of(d.Status),
            ])).ToList(),
            ["NewHref"] = "/admin/discounts/new", ["NewText"] = "New discount code",
        });
    }

    /// <summary>A fixed discount's amounts in the store's currencies other than its own (as stored; the store's for a new one).</summary>
    private static CurrencyAmounts DiscountPrices(StoreSettings settings, Discount? discount) => new("prices", CurrencyAmounts.Others(settings, discount?.Currency));

    private static async Task<AdminForm> DiscountForm(long? id, KassaDbContext db, FormErrors? errors, Dictionary<string, string?>? values, CancellationToken ct)
    {
        var discount = id is { } did ? await db.Discounts.AsNoTracking().SingleOrDefaultAsync(d => d.Id == did, ct) : null;
        var prices = DiscountPrices(await db.GetStoreSettingsAsync(ct), discount);
        List<FormField> fields =
        [
            new("code", "Code", Hint: "What the shopper types; capitals do not matter.", Required: true),
            new("name", "Name"),
            new("description", "Description", "textarea"),
            new("discount_type", "Kind", "select", Choices: [(DiscountTypes.Percentage, "Percentage"), (DiscountTypes.FixedAmount, "Fixed amount")]),
            new("amount", "Amount", "amount", "A percent (e.g. 10) or, for a fixed amount, money (e.g. 5.00).", Required: true),
            new("currency", "Currency of a fixed amount", Hint: "Leave empty for the store currency."),
            .. prices.Fields("Amount", hint: c => $"A fixed amount's value in {c}; leave empty and the code takes nothing off a cart in {c} (amounts are never converted)."),
            new("applies_to", "Takes off", "select", Choices: [(DiscountScopes.Products, "Products only"), (DiscountScopes.Order, "The whole order, shipping too")]),
            new("redemption_limit", "Times it may be used", "integer", "Leave empty for no limit."),
            new("valid_from", "Valid from", "date"),
            new("valid_to", "Valid until", "date"),
            new("status", "Status", "select", Choices: [(DiscountStatus.Open, "Open"), (DiscountStatus.Closed, "Closed")]),
        ];
        var asStored = values is null && discount is not null;
        values ??= discount is null
            ? new() { ["discount_type"] = DiscountTypes.Percentage, ["applies_to"] = DiscountScopes.Products, ["status"] = DiscountStatus.Open }
            : new()
            {
                ["code"] = discount.Code, ["name"] = discount.Name, ["description"] = discount.Description, ["discount_type"] = discount.DiscountType,
                ["amount"] = Amount(discount.Amount), ["currency"] = discount.Currency, ["applies_to"] = discount.AppliesTo,
                ["redemption_limit"] = discount.RedemptionLimit?.ToString(CultureInfo.InvariantCulture),
                ["valid_from"] = discount.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["valid_to"] = discount.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["status"] = discount.Status,
            };
        if (asStored) prices.Fill(values, discount!.Prices);
        return new AdminForm
        {
            Title = discount is null ? "New discount code" : $"Discount {discount.Code}",
            Action = discount is null ? "/admin/discounts" : $"/admin/discounts/{discount.Id}",
            Fields = fields, Values = values, Errors = errors ?? new(),
        };
    }

    private static async Task<IResult> DiscountEdit(
        long? id, HttpContext http, KassaDbContext db, CancellationToken ct, string? refusal = null, int status = StatusCodes.Status200OK)
    {
        if (id is { } did && !await db.Discounts.AnyAsync(d => d.Id == did, ct)) return TypedResults.NotFound();
        return AdminUi.Page<FormPage>(new()
        {
            ["Form"] = await DiscountForm(id, db, null, null, ct), ["Section"] = "Discounts", ["Notice"] = AdminUi.Notice(http.Request), ["Refusal"] = refusal,
            ["ChildContent"] = id is null ? null : AdminDelete.Button($"/admin/discounts/{id}/delete", "Delete this discount code"),
        }, status);
    }

    private static async Task<IResult> DiscountSave(long? id, IFormCollection posted, KassaDbContext db, CancellationToken ct)
    {
        var existing = id is { } did ? await db.Discounts.AsNoTracking().SingleOrDefaultAsync(d => d.Id == did, ct) : null;
        if (id is not null && existing is null) return TypedResults.NotFound();
        var prices = DiscountPrices(await db.GetStoreSettingsAsync(ct), existing);
        var errors = new FormErrors();
        var read = new FormReader(posted, errors);
        var amount = read.Amount("amount", "10");
        if (amount is null && !errors["amount"].Any() && id is not null) errors.Add("amount", "Enter an amount.");
        // The last day a code is valid is kept to its end.
        var validTo = read.Date("valid_to") is { } to ? to.AddDays(1).AddMilliseconds(-1) : (DateTime?)null;
        var request = new DiscountRequest(
            read.Text("code") ?? "", read.Text("name"), read.Text("description"), read.Text("discount_type") ?? "",
            amount is { } a ? a : default(Http.Optional<decimal>), read.Text("currency"), prices.Read(read, existing?.Prices), read.Text("applies_to") ?? "",
            read.Integer("redemption_limit"), read.Date("valid_from"), validTo, read.Text("status") ?? "");
        return await SaveAsync(errors, posted, "/admin/discounts", id,
            async () => id is { } existingId
                ? (await DiscountsApi.Crud.Update(existingId, request, db, ct)).Value!.Id
                : (await DiscountsApi.Crud.Create(request, db, ct)).Value!.Id,
            (e, v) => DiscountForm(id, db, e, v, ct), "Discounts", db, key => prices.FieldOf(key) ?? key);
    }
}
