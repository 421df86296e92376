using System.Globalization;
using Kassa.Catalog;
using Kassa.Data;
using Kassa.Discounts;
using Kassa.Http;
using Kassa.Payments;
using Kassa.Pricing;
using Kassa.Shipping;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Carts;

/// <summary>
/// The changes both dialects make to a cart, with their rules. Problems are collected in
/// <see cref="Errors"/> under the caller's field names; the caller throws them all at once, and since
/// nothing is saved before that, a refused request leaves the cart as it was.
/// </summary>
public sealed class CartEditor(KassaDbContext db, Cart cart, CartEditMode mode, bool isAdmin, DateTime nowUtc, PaymentGateways gateways)
{
    private readonly bool _tracked = mode == CartEditMode.Tracked;

    /// <summary>The request field that chose the cart's shipping method in this request, if one did.</summary>
    private string? _shippingChosenIn;

    public FieldErrors Errors { get; } = new();
    public Cart Cart => cart;

    /// <summary>Adds units of a product, merging with a line of the same product and price.</summary>
    /// <param name="field">Where the item came from in the request, e.g. <c>line_items[0]</c>.</param>
    /// <param name="expectedParentId">Outshifter's product_id when a variant_id was given.</param>
    public async Task<CartItem?> AddAsync(string field, long productId, int quantity, string? note, PriceData? priceData, long? expectedParentId, CancellationToken ct)
    {
        if (!CheckQuantity($"{field}.quantity", quantity, min: 1)) return null;
        var product = await FindBuyableProductAsync(field, productId, expectedParentId, ct);
        if (product is null) return null;
        if (!CheckNote($"{field}.note", note)) return null;
        var idField = expectedParentId is null ? $"{field}.product_id" : $"{field}.variant_id";
        if (!CheckPriceData($"{field}.price_data", idField, product, priceData, out var priceOverride, out var taxOverride)) return null;

        var line = cart.Items.FirstOrDefault(i => i.ProductId == productId && i.PriceOverride == priceOverride && i.TaxRateOverride == taxOverride);
        if (line is not null)
        {
            if (!CheckQuantity($"{field}.quantity", line.Quantity + quantity, min: 1)) return null;
            line.Quantity += quantity;
            if (note is not null) line.Note = note;
        }
        else
        {
            if (!Errors.Check(cart.Items.Count < CartLimits.MaxLines, field, $"A cart holds at most {CartLimits.MaxLines} lines.")) return null;
            line = new CartItem
            {
                // Time-ordered: a new line's entry goes to the end of the unique index on item ids instead of a random
                // page of it. An item id is only ever looked up inside its cart, whose own id stays fully random.
                Uuid = Guid.CreateVersion7(),
                ProductId = product.Id,
                Product = TrackedProduct(product),
                Quantity = quantity,
                Note = note,
                PriceOverride = priceOverride,
                TaxRateOverride = taxOverride,
            };
            cart.Items.Add(line);
        }
        CheckStock($"{field}.quantity", product);
        return line;
    }

    /// <summary>Voog's <c>items</c>: the cart's whole item list; quantity 0 or a missing product removes a line.</summary>
    public async Task ReplaceItemsAsync(IReadOnlyList<(long? ProductId, int? Quantity, string? Note)> items, CancellationToken ct)
    {
        if (!Errors.Check(items.Count <= CartLimits.MaxLines, "items", $"A cart holds at most {CartLimits.MaxLines} lines.")) return;
        var wanted = new Dictionary<long, (int Quantity, string? Note, string Field)>();
        for (var i = 0; i < items.Count; i++)
        {
            var field = $"items[{i}]";
            var (productId, quantity, note) = items[i];
            if (productId is null)
            {
                Errors.Add($"{field}.product_id", "product_id is required.");
                continue;
            }
            var qty = quantity ?? 1;
            if (!CheckQuantity($"{field}.quantity", qty, min: 0) || !CheckNote($"{field}.note", note)) continue;
            var total = (wanted.TryGetValue(productId.Value, out var seen) ? seen.Quantity : 0) + qty;
            if (!CheckQuantity($"{field}.quantity", total, min: 0)) continue;
            wanted[productId.Value] = (total, note ?? seen.Note, field);
        }

        foreach (var line in cart.Items.ToList())
        {
            if (!wanted.TryGetValue(line.ProductId, out var w) || w.Quantity == 0) Remove(line);
        }
        foreach (var (productId, w) in wanted)
        {
            if (w.Quantity == 0) continue;
            var line = cart.Items.FirstOrDefault(i => i.ProductId == productId);
            if (line is null)
            {
                await AddAsync(w.Field, productId, w.Quantity, w.Note, null, null, ct);
                continue;
            }
            // Lines with an admin price keep it; other lines of the same product go.
            foreach (var extra in cart.Items.Where(i => i.ProductId == productId && i != line).ToList()) Remove(extra);
            line.Quantity = w.Quantity;
            line.Note = w.Note;
            CheckStock($"{w.Field}.quantity", line.Product);
        }
    }

    public void SetQuantity(string field, CartItem line, int quantity)
    {
        if (!CheckQuantity(field, quantity, min: 1)) return;
        line.Quantity = quantity;
        CheckStock(field, line.Product);
    }

    public void Remove(CartItem line)
    {
        cart.Items.Remove(line);
        if (_tracked) db.CartItems.Remove(line);
    }

    /// <summary>
    /// Changes the cart's currency. The lines are checked against it by <see cref="CheckLinesInCurrency"/>, which
    /// the caller runs once the item list is final: a request that changes currency and items together is judged
    /// by the items it sends, not by the ones they replace.
    /// </summary>
    public void SetCurrency(string field, string? value)
    {
        var currency = Errors.Currency(field, value);
        if (currency is null) return;
        var settings = cart.Store;
        if (!settings.AllowedCurrencies.Contains(currency) && currency != settings.DefaultCurrency)
        {
            Errors.Add(field, $"The store does not sell in {currency}; it sells in {string.Join(", ", settings.AllowedCurrencies)}.");
            return;
        }
        if (currency == cart.Currency) return;
        _currencyField = field;
        cart.Currency = currency;
        if (cart.ShippingMethodId is not null) CheckShippingCurrency("shipping_method_id");
    }

    private string? _currencyField;

    /// <summary>
    /// After <see cref="SetCurrency"/> changed the currency: every line the cart now holds must be sold in it.
    /// Runs once; <see cref="ThrowIfInvalid"/> runs it for a caller that did not.
    /// </summary>
    public void CheckLinesInCurrency()
    {
        if (_currencyField is not { } field) return;
        _currencyField = null;
        var (currency, settings) = (cart.Currency, cart.Store);
        foreach (var line in cart.Items.Where(l => l.PriceOverride is null))
        {
            if (CatalogPrice.Resolve(settings.DefaultCurrency, line.Product.Price, line.Product.Prices, currency) is null)
                Errors.Add(field, $"Product {line.ProductId} ('{line.Product.Name}') has no price in {currency}.");
        }
        if (cart.Items.Any(l => l.PriceOverride is not null))
            Errors.Add(field, "The cart has items with an admin-set price; their currency cannot change.");
        if (cart.FlatRateCountry is not null) CheckShippingCurrency(field);
    }

    public async Task SetDiscountCodeAsync(string field, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            cart.DiscountId = null;
            cart.Discount = null;
            return;
        }
        if (!Errors.Check(code.Length <= 100, field, "A discount code is at most 100 characters.")) return;
        // PostgreSQL cannot even compare text holding NUL; no code has one.
        if (!Errors.Check(FieldRules.IsStorableText(code), field, "There is no such discount code.")) return;
        var normalized = code.Trim().ToUpperInvariant();
        var discount = await db.FindRowByAsync<Discount>(nameof(Discount.NormalizedCode), normalized, ct, track: _tracked);
        if (discount is null)
        {
            Errors.Add(field, $"There is no discount code '{code.Trim()}'.");
            return;
        }
        var why = DiscountRules.WhyNotApplicable(discount.ToFacts(), cart.Currency, nowUtc);
        if (why is not null)
        {
            Errors.Add(field, $"The discount code '{discount.Code}' cannot be used: {why}.");
            return;
        }
        cart.DiscountId = discount.Id;
        cart.Discount = discount;
    }

    /// <summary>Chooses a shipping method and option; a null method clears both.</summary>
    public async Task SetShippingAsync(string field, long? methodId, string? option, string optionField, CancellationToken ct)
    {
        if (methodId is null)
        {
            if (option is not null)
            {
                Errors.Add(optionField, $"'{option}' is an option of a shipping method; choose the method ({field}) as well.");
                return;
            }
            cart.FlatRateCountry = null;
            cart.ShippingMethodId = null;
            cart.ShippingMethod = null;
            cart.ShippingMethodOption = null;
            _shippingChosenIn = null;
            return;
        }
        var method = _tracked ? await db.FindRowAsync<ShippingMethod, long>(methodId.Value, ct, track: true) : await db.FindSharedRowAsync<ShippingMethod, long>(methodId.Value, ct);
        if (method is null || !method.Enabled)
        {
            Errors.Add(field, $"There is no shipping method {methodId}.");
            return;
        }
        if (option is not null && method.Options.All(o => o.Name != option))
        {
            Errors.Add(optionField, method.Options.Count == 0
                ? $"Shipping method {method.Id} has no options."
                : $"Shipping method {method.Id} has no option '{option}'; choose one of: {string.Join(", ", method.Options.Select(o => o.Name))}.");
            return;
        }
        if (option is null && method.Options.Count > 0)
        {
            Errors.Add(optionField, $"Shipping method {method.Id} needs an option: {string.Join(", ", method.Options.Select(o => o.Name))}.");
            return;
        }
        cart.ShippingMethodId = method.Id;
        cart.ShippingMethod = method;
        cart.ShippingMethodOption = option;
        cart.FlatRateCountry = null;
        _shippingChosenIn = field;
        CheckShippingCurrency(field);
    }

    /// <summary>Chooses flat-rate shipping (per-product rates) to a country, instead of a shipping method.</summary>
    public void SetFlatRate(string field, string? countryCode)
    {
        var country = Errors.CountryCode(field, countryCode);
        if (country is null) return;
        cart.FlatRateCountry = country;
        cart.ShippingMethodId = null;
        cart.ShippingMethod = null;
        cart.ShippingMethodOption = null;
        _shippingChosenIn = null;
        CheckShippingCurrency(field);
    }

    public void SetCustomer(string field, CartCustomer? customer)
    {
        if (customer is not null)
        {
            Errors.AddressText($"{field}.name", AddressPart.Name, customer.Name);
            Errors.AddressText($"{field}.phone", AddressPart.Phone, customer.Phone);
            if (customer.Email is { Length: > 0 } email) Errors.Email($"{field}.email", email);
            if (customer.Language is not null) Errors.LanguageCode($"{field}.language", customer.Language);
        }
        cart.Customer = customer;
    }

    public CartAddress? CheckAddress(string field, CartAddress? address)
    {
        if (address is null) return null;
        Errors.AddressText($"{field}.name", AddressPart.Name, address.Name);
        Errors.AddressText($"{field}.company_name", AddressPart.Company, address.CompanyName);
        Errors.AddressText($"{field}.vat_code", AddressPart.VatCode, address.VatCode);
        Errors.AddressText($"{field}.address1", AddressPart.Line, address.Address1);
        Errors.AddressText($"{field}.address2", AddressPart.Line, address.Address2);
        Errors.AddressText($"{field}.city", AddressPart.City, address.City);
        Errors.AddressText($"{field}.zip_code", AddressPart.PostalCode, address.ZipCode);
        Errors.AddressText($"{field}.state", AddressPart.Region, address.State);
        Errors.AddressText($"{field}.phone", AddressPart.Phone, address.Phone);
        Errors.AddressText($"{field}.instructions", AddressPart.Instructions, address.Instructions);
        // Voog writes country codes in lower case.
        return Errors.AddressCountry($"{field}.country_code", address.CountryCode) is { } code ? address with { CountryCode = code.ToLowerInvariant() } : address;
    }

    public void SetPayment(string gatewayField, string? gatewayCode, string methodField, string? paymentMethod)
    {
        if (gateways.Mismatch(gatewayCode, paymentMethod) is { } mismatch)
            Errors.Add(mismatch.OnGateway ? gatewayField : methodField, mismatch.Why);
        cart.GatewayCode = gatewayCode;
        cart.PaymentMethod = paymentMethod;
    }

    public void SetReturnUrl(string field, string? url)
    {
        Errors.AbsoluteUrl(field, url);
        cart.ReturnUrl = url;
    }

    public void SetNote(string field, string? note)
    {
        Errors.Text(field, note, 5000);
        cart.Note = note;
    }

    public void SetCustomFieldValues(Dictionary<string, System.Text.Json.JsonElement>? values)
    {
        if (values is null)
        {
            cart.CustomFieldValues = [];
            return;
        }
        var merged = new Dictionary<string, object?>(cart.CustomFieldValues);
        foreach (var (key, value) in CustomFieldValues.Normalize(values, cart.Store.CustomFields, Errors))
        {
            if (value is null) merged.Remove(key);
            else merged[key] = value;
        }
        // Each value has its own limit; together they must still fit the column (PostgreSQL enforces it).
        Errors.FitsJsonColumn<Cart>(db, nameof(Cart.CustomFieldValues), "custom_field_values", merged);
        cart.CustomFieldValues = merged;
    }

    /// <summary>What a cart must have unless the client says the state is initial (Voog's is_initial).</summary>
    public void CheckComplete()
    {
        foreach (var field in CustomFieldValues.MissingRequired(cart))
            Errors.Add($"custom_field_values.{field.Key}", $"'{field.Label}' is required (send is_initial: true to skip this check while the cart is being built).");
    }

    /// <summary>
    /// The product a new line of a tracked cart points to, tracked unchanged: a product read with the cart is not tracked
    /// (it never changes in a cart write, and snapshotting its JSON columns is costly), and change detection would
    /// otherwise take it, reached through the new line, for a changed product and save it.
    /// </summary>
    private Product TrackedProduct(Product product)
    {
        if (!_tracked) return product;
        if (db.Tracked<Product>(product.Id) is { } tracked) return tracked;
        db.Products.Attach(product);
        return product;
    }

    private async Task<Product?> FindBuyableProductAsync(string field, long productId, long? expectedParentId, CancellationToken ct)
    {
        var product = cart.Items.FirstOrDefault(i => i.ProductId == productId)?.Product
                      ?? (_tracked ? await db.FindRowAsync<Product, long>(productId, ct, track: true) : await db.FindSharedRowAsync<Product, long>(productId, ct));
        var idField = expectedParentId is null ? $"{field}.product_id" : $"{field}.variant_id";
        if (product is null)
        {
            Errors.Add(idField, $"There is no product {productId}.");
            return null;
        }
        if (expectedParentId is not null && product.ParentId != expectedParentId)
        {
            Errors.Add(idField, $"Product {productId} is not a variant of product {expectedParentId}.");
            return null;
        }
        if (product.Status != ProductStatus.Live)
        {
            Errors.Add(idField, $"Product {productId} ('{product.Name}') is not for sale.");
            return null;
        }
        return product;
    }

    /// <param name="quantityField">The request field that asked for the quantity, e.g. <c>items[0].quantity</c> or <c>qty</c>.</param>
    private void CheckStock(string quantityField, Product product)
    {
        if (product.Stock is not { } stock) return;
        var wanted = cart.UnitsOf(product.Id);
        if (wanted > stock)
            Errors.Add(quantityField, stock == 0
                ? $"Product {product.Id} ('{product.Name}') is out of stock."
                : $"Only {stock} of product {product.Id} ('{product.Name}') in stock; the cart would hold {wanted}.");
    }

    private bool CheckQuantity(string field, int quantity, int min) =>
        Errors.Check(quantity >= min && quantity <= CartLimits.MaxQuantity, field,
            $"quantity must be a whole number from {min} to {CartLimits.MaxQuantity}.");

    private bool CheckNote(string field, string? note) =>
        Errors.Check(note is null || note.Length <= 2000, field, "note must be at most 2000 characters.") &&
        Errors.Check(note is null || FieldRules.IsStorableText(note), field, "note must be valid Unicode text without NUL (\\u0000) characters.");

    /// <param name="idField">The field naming the product (product_id, or variant_id for a variant), for "not sold in this currency".</param>
    private bool CheckPriceData(string field, string idField, Product product, PriceData? data, out decimal? priceOverride, out decimal? taxOverride)
    {
        priceOverride = null;
        taxOverride = null;
        var settings = cart.Store;
        var catalogPrice = CatalogPrice.Resolve(settings.DefaultCurrency, product.Price, product.Prices, cart.Currency);
        var catalogTax = CartTaxes.RateFor(cart, product) ?? settings.DefaultTaxRate;

        if (data?.Currency is { } currency && !string.Equals(currency.Trim(), cart.Currency, StringComparison.OrdinalIgnoreCase))
        {
            Errors.Add($"{field}.currency", $"The cart is in {cart.Currency}; price_data.currency must be {cart.Currency} or absent.");
            return false;
        }

        if (isAdmin && data is not null)
        {
            var before = Errors.Any;
            if (data.UnitPrice is { } price) Errors.Amount($"{field}.unit_price", price, cart.Currency);
            if (data.Tax is { } tax) Errors.TaxRate($"{field}.tax", tax);
            if (Errors.Any && !before) return false;
            priceOverride = data.UnitPrice is { } p && p != catalogPrice ? p : null;
            taxOverride = data.Tax is { } t && t != catalogTax ? t : null;
            if (priceOverride is null && catalogPrice is null)
            {
                Errors.Add($"{field}.unit_price", $"Product {product.Id} has no price in {cart.Currency}; send price_data.unit_price.");
                return false;
            }
            return true;
        }

        if (catalogPrice is null)
        {
            Errors.Add(idField, $"Product {product.Id} ('{product.Name}') is not sold in {cart.Currency}.");
            return false;
        }
        var priceDiffers = data?.UnitPrice is { } sent && sent != catalogPrice;
        var taxDiffers = data?.Tax is { } sentTax && sentTax != catalogTax;
        if (!priceDiffers && !taxDiffers) return true;

        var current = $"{Money.ToMinorUnits(catalogPrice.Value, cart.Currency)} {cart.Currency} at {catalogTax.ToString("0.####", CultureInfo.InvariantCulture)} % tax";
        if (priceDiffers) Errors.Add($"{field}.unit_price", $"The price of product {product.Id} is {current}; only the catalog price is accepted.");
        if (taxDiffers) Errors.Add($"{field}.tax", $"The tax rate of product {product.Id} is {catalogTax.ToString("0.####", CultureInfo.InvariantCulture)} %; only the catalog rate is accepted.");
        CurrentPrices[product.Id] = new PriceData(catalogPrice, catalogTax, cart.Currency);
        return false;
    }

    /// <summary>The catalog price of every product whose price_data was refused, for the problem's extension.</summary>
    public Dictionary<long, PriceData> CurrentPrices { get; } = [];

    /// <summary>The chosen shipping must have an amount in the cart's currency: its own, never a converted one.</summary>
    private void CheckShippingCurrency(string field)
    {
        var storeCurrency = cart.Store.DefaultCurrency;
        if (cart.ShippingMethod is { } method)
        {
            if (method.AmountIn(cart.ShippingMethodOption, storeCurrency, cart.Currency) is null)
                Errors.Add(field, ShippingPrices.WhyNotIn(method, cart.ShippingMethodOption, storeCurrency, cart.Currency));
        }
        else if (cart.FlatRateCountry is { } country &&
                 FlatRates.Total(cart.Items.Select(i => (i.Product, i.Quantity)), country, cart.Currency, storeCurrency, out var missing) is null)
        {
            Errors.Add(field, FlatRates.WhyNotIn(missing, cart.Currency, storeCurrency));
        }
    }

    /// <summary>
    /// A shipping method chosen in this request must ship to the cart's destination as the request leaves it (the address
    /// may come later in the same body). An address changed on its own is taken even when the chosen method does not
    /// ship there: the shopper may be correcting the address before the method, and checkout stays blocked until both fit.
    /// </summary>
    private void CheckShippingDestination()
    {
        if (_shippingChosenIn is { } field && cart.ShippingMethod is { } method && ShippingDestinations.Of(cart) is { } destination && !method.ShipsTo(destination))
            Errors.Add(field, ShippingDestinations.WhyNotTo(method, destination));
    }

    /// <summary>
    /// Makes the checks that need the whole request applied (currency of the lines, shipping destination), then throws every
    /// collected problem as one 422, with the current prices when price_data was refused.
    /// </summary>
    public void ThrowIfInvalid()
    {
        CheckLinesInCurrency();
        CheckShippingDestination();
        if (!Errors.Any) return;
        var problem = new ValidationFailedException(Errors.ToDictionary());
        if (CurrentPrices.Count > 0)
        {
            problem.Extensions["current_prices"] = CurrentPrices.Select(p => new Dictionary<string, object?>
            {
                ["product_id"] = p.Key,
                ["unit_price"] = Money.ToMinorUnits(p.Value.UnitPrice!.Value, cart.Currency),
                ["tax"] = p.Value.Tax!.Value.ToString("0.####", CultureInfo.InvariantCulture),
                ["currency"] = cart.Currency,
            }).ToList();
        }
        throw problem;
    }
}
