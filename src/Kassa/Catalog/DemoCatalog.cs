using Kassa.Data;
using Kassa.Discounts;
using Kassa.Settings;
using Kassa.Shipping;

namespace Kassa.Catalog;

/// <summary>The small catalog a new database starts with, so the first run has something to sell.</summary>
public static class DemoCatalog
{
    public static async Task AddToAsync(KassaDbContext db, bool withDemoData, CancellationToken ct)
    {
        var settings = new StoreSettings
        {
            PriceEntryMode = PriceEntryModes.Net,
            DefaultCurrency = "EUR",
            AllowedCurrencies = ["EUR"],
            DefaultTaxRate = 20m,
            Languages = ["en"],
        };
        db.StoreSettings.Add(settings);
        if (!withDemoData) return;

        settings.AllowedCurrencies = ["EUR", "USD", "NOK"];
        settings.Languages = ["en", "et"];
        settings.CustomFields =
        [
            new CustomFieldDefinition("delivery-date", "Preferred delivery date", "date", false),
            new CustomFieldDefinition("gift-wrap", "Wrap it as a gift", "checkbox", false),
        ];

        db.Products.Add(new Product
        {
            Name = "Ion drive",
            Sku = "ION-1",
            Description = "A gentle but tireless thruster for long journeys.",
            Price = 2475.25m,
            Prices = new() { ["USD"] = 2690.00m },
            TaxRate = 1m,
            Stock = 10,
            NameTranslations = new() { ["en"] = "Ion drive", ["et"] = "Ioonmootor" },
            FlatShippingRate = 25m,
            FlatShippingRates = new() { ["NO"] = 40m },
        });
        db.Products.Add(new Product
        {
            Name = "Space suit",
            Sku = "SUIT-1",
            Price = 899m,
            Prices = new() { ["USD"] = 990m, ["NOK"] = 10500m },
            Stock = 5,
            NameTranslations = new() { ["en"] = "Space suit", ["et"] = "Skafander" },
            FlatShippingRate = 15m,
        });
        db.Products.Add(new Product
        {
            Name = "Star chart (e-book)",
            Sku = "BOOK-1",
            Price = 9.99m,
            TaxRate = 9m,
            NameTranslations = new() { ["en"] = "Star chart (e-book)", ["et"] = "Tähekaart (e-raamat)" },
        });
        db.Products.Add(new Product
        {
            Name = "Gift card",
            Sku = "GIFT-50",
            Price = 50m,
            TaxRate = 0m,
        });

        var shirt = new Product
        {
            Name = "Mission T-shirt",
            Sku = "TEE",
            Price = 19.90m,
            TaxRate = 20m,
            NameTranslations = new() { ["en"] = "Mission T-shirt", ["et"] = "Missiooni T-särk" },
            FlatShippingRate = 4.5m,
        };
        db.Products.Add(shirt);
        await db.SaveChangesAsync(ct);
        foreach (var (colour, id, stock) in new[] { ("Red", 1L, 20), ("Blue", 2L, 0) })
        {
            db.Products.Add(new Product
            {
                Name = "Mission T-shirt",
                Sku = $"TEE-{colour.ToUpperInvariant()}",
                Price = 19.90m,
                TaxRate = 20m,
                Stock = stock,
                ParentId = shirt.Id,
                VariantAttributes = [new VariantAttribute(new VariantAttributePart(1, "Color"), new VariantAttributePart(id, colour))],
                NameTranslations = new() { ["en"] = "Mission T-shirt", ["et"] = "Missiooni T-särk" },
                FlatShippingRate = 4.5m,
            });
        }

        db.ShippingMethods.Add(new ShippingMethod
        {
            Name = "Postal Service",
            Description = "Send via mail",
            Amount = 3.5m,
            TaxRate = 20m,
        });
        db.ShippingMethods.Add(new ShippingMethod
        {
            Name = "Advanced shipping",
            Description = "Advanced shipping with multiple options",
            Amount = 2.5m,
            TaxRate = 20m,
            Options = [new ShippingOption("option 1", 2.5m), new ShippingOption("express", 7.5m)],
            Countries = ["EE", "FI", "NO", "SE"],
        });

        db.Discounts.Add(new Discount
        {
            Code = "XMAS",
            NormalizedCode = "XMAS",
            DiscountType = DiscountTypes.Percentage,
            Amount = 33m,
            AppliesTo = DiscountScopes.Products,
        });
    }
}
