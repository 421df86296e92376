using Kassa.Data;
using Kassa.Http;
using Kassa.Settings;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Catalog;

/// <summary>Validates a product request and applies the fields it sets, all or nothing.</summary>
public static class ProductChanges
{
    public static async Task ApplyAsync(this ProductRequest request, Product product, bool isNew, KassaDbContext db, StoreSettings settings, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var currency = settings.DefaultCurrency;

        if (isNew || request.Name.IsSet) errors.Text("name", request.Name.Or(null!), 500, required: true);
        if (request.Sku.IsSet) errors.Text("sku", request.Sku.Value, 200);
        if (request.Description.IsSet) errors.Text("description", request.Description.Value, 20_000);
        if (isNew && !request.Price.IsSet) errors.Add("price", "price is required.");
        if (request.Price.IsSet) errors.Amount("price", request.Price.Value, currency);

        Dictionary<string, decimal>? prices = null;
        if (request.Prices is { IsSet: true, Value: { } given })
        {
            prices = [];
            foreach (var (code, amount) in given)
            {
                var field = $"prices.{code}";
                if (errors.Currency(field, code) is not { } normalized) continue;
                errors.Check(normalized != currency, field,
                    $"{normalized} is the store currency; set it with 'price'.");
                errors.Amount(field, amount, normalized);
                prices[normalized] = amount;
            }
        }

        if (request.TaxRate is { IsSet: true, Value: { } rate }) errors.TaxRate("tax_rate", rate);
        if (request.TaxClass.IsSet) errors.OneOf("tax_class", request.TaxClass.Value, Pricing.TaxClasses.All);
        if (request.Stock is { IsSet: true, Value: { } stock })
            errors.Check(stock is >= 0 and <= 1_000_000_000, "stock", "stock must be from 0 to 1000000000, or null for untracked stock.");
        if (request.Status.IsSet) errors.OneOf("status", request.Status.Value, ProductStatus.All);
        if (request.ImageUrl.IsSet) errors.AbsoluteUrl("image_url", request.ImageUrl.Value);

        var attributes = request.VariantAttributes.IsSet ? request.VariantAttributes.Value ?? [] : null;
        if (attributes is not null)
        {
            for (var i = 0; i < attributes.Count; i++)
            {
                var a = attributes[i];
                if (a?.VariantType is null || a.VariantValue is null)
                {
                    errors.Add($"variant_attributes[{i}]", "Each variant attribute needs variant_type and variant_value, each with a name.");
                    continue;
                }
                errors.Text($"variant_attributes[{i}].variant_type.name", a.VariantType.Name, 200, required: true);
                errors.Text($"variant_attributes[{i}].variant_value.name", a.VariantValue.Name, 200, required: true);
            }
        }

        var translations = request.Translations.IsSet ? request.Translations.Value?.Name ?? [] : null;
        if (translations is not null)
        {
            foreach (var (language, name) in translations)
            {
                errors.LanguageCode($"translations.name.{language}", language);
                errors.Text($"translations.name.{language}", name, 500, required: true);
            }
        }

        Dictionary<string, decimal>? countryRates = null;
        var flatPrices = new Dictionary<string, FlatShippingPrice>();
        if (request.Shipping is { IsSet: true, Value: { } shipping })
        {
            if (shipping.FlatRate is { } flat) errors.Amount("shipping.flat_rate", flat, currency);
            countryRates = [];
            foreach (var (country, amount) in shipping.CountryRates ?? [])
            {
                var field = $"shipping.country_rates.{country}";
                if (errors.CountryCode(field, country) is not { } code) continue;
                errors.Amount(field, amount, currency);
                countryRates[code] = amount;
            }
            foreach (var (code, price) in shipping.Prices ?? [])
            {
                var field = $"shipping.prices.{code}";
                if (errors.Currency(field, code) is not { } normalized) continue;
                if (!errors.Check(normalized != currency, field, $"{normalized} is the store currency; set its rates with 'flat_rate' and 'country_rates'.")) continue;
                if (price is null)
                {
                    errors.Add(field, "Send flat_rate and/or country_rates in this currency.");
                    continue;
                }
                if (price.FlatRate is { } flatIn) errors.Amount($"{field}.flat_rate", flatIn, normalized);
                var rates = new Dictionary<string, decimal>();
                foreach (var (country, amount) in price.CountryRates ?? [])
                {
                    var rateField = $"{field}.country_rates.{country}";
                    if (errors.CountryCode(rateField, country) is not { } countryCode) continue;
                    errors.Amount(rateField, amount, normalized);
                    rates[countryCode] = amount;
                }
                flatPrices[normalized] = new FlatShippingPrice(price.FlatRate, rates);
            }
        }

        var parentId = request.ParentId.IsSet ? request.ParentId.Value : product.ParentId;
        if (request.ParentId.IsSet && parentId is { } pid)
        {
            if (!isNew && pid == product.Id)
            {
                errors.Add("parent_id", "A product cannot be its own parent.");
            }
            else
            {
                var parent = await db.Products.AsNoTracking().Where(p => p.Id == pid).Select(p => new { p.ParentId }).SingleOrDefaultAsync(ct);
                if (parent is null) errors.Add("parent_id", $"Product {pid} does not exist.");
                else if (parent.ParentId is not null) errors.Add("parent_id", $"Product {pid} is itself a variant; variants hang off a product that is not a variant.");
                else if (!isNew && await db.Products.AnyAsync(p => p.ParentId == product.Id, ct))
                    errors.Add("parent_id", "This product has variants of its own, so it cannot become a variant.");
            }
        }
        if (parentId is null && attributes is { Count: > 0 })
            errors.Add("variant_attributes", "Only variants (products with a parent_id) have variant attributes.");

        // The JSON columns have a size limit; say so here rather than fail the save on PostgreSQL.
        if (attributes is not null)
            errors.FitsJsonColumn<Product>(db, nameof(Product.VariantAttributes), "variant_attributes",
                attributes.Where(a => a?.VariantType?.Name is not null && a.VariantValue?.Name is not null)
                    .Select(a => new VariantAttribute(new VariantAttributePart(a.VariantType.Id, a.VariantType.Name), new VariantAttributePart(a.VariantValue.Id, a.VariantValue.Name)))
                    .ToList());
        if (translations is not null)
            errors.FitsJsonColumn<Product>(db, nameof(Product.NameTranslations), "translations.name",
                translations.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value));
        if (countryRates is not null)
            errors.FitsJsonColumn<Product>(db, nameof(Product.FlatShippingRates), "shipping.country_rates", countryRates);
        if (request.Shipping.IsSet)
            errors.FitsJsonColumn<Product>(db, nameof(Product.FlatShippingPrices), "shipping.prices", flatPrices);

        errors.ThrowIfAny();

        if (request.Name.IsSet) product.Name = request.Name.Value.Trim();
        if (request.Sku.IsSet) product.Sku = request.Sku.Value;
        if (request.Description.IsSet) product.Description = request.Description.Value;
        if (request.Price.IsSet) product.Price = request.Price.Value;
        if (request.Prices.IsSet) product.Prices = prices ?? [];
        if (request.TaxRate.IsSet) product.TaxRate = request.TaxRate.Value;
        if (request.TaxClass.IsSet) product.TaxClass = request.TaxClass.Value;
        if (request.Stock.IsSet) product.Stock = request.Stock.Value;
        if (request.Status.IsSet) product.Status = request.Status.Value;
        if (request.ParentId.IsSet) product.ParentId = request.ParentId.Value;
        if (product.ParentId is null) product.VariantAttributes = [];
        if (attributes is not null)
            product.VariantAttributes = attributes.Select(a => new VariantAttribute(
                new VariantAttributePart(a.VariantType.Id, a.VariantType.Name.Trim()),
                new VariantAttributePart(a.VariantValue.Id, a.VariantValue.Name.Trim()))).ToList();
        if (request.ImageUrl.IsSet) product.ImageUrl = request.ImageUrl.Value;
        if (translations is not null) product.NameTranslations = translations.ToDictionary(t => t.Key, t => t.Value.Trim());
        if (request.Shipping.IsSet)
        {
            product.FlatShippingRate = request.Shipping.Value?.FlatRate;
            product.FlatShippingRates = countryRates ?? [];
            product.FlatShippingPrices = flatPrices;
        }
    }
}
