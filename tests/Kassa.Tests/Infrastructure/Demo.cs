namespace Kassa.Tests.Infrastructure;

/// <summary>The ids of the demo catalog a new database gets (src/Kassa/Catalog/DemoCatalog.cs), in the order it adds them.</summary>
public static class Demo
{
    public const long IonDrive = 1;  // 2475.25 EUR net (USD 2690), tax 1 %, stock 10, flat rate 25 (NO: 40)
    public const long SpaceSuit = 2; // 899 EUR (USD 990, NOK 10500), stock 5, flat rate 15; the only one with a NOK price
    public const long StarChart = 3; // 9.99 EUR, tax 9 %, no stock tracking, no flat rate
    public const long GiftCard = 4;  // 50 EUR, tax 0 %
    public const long Shirt = 5;     // Mission T-shirt, 19.90 EUR, tax 20 %, flat rate 4.5; the parent of:
    public const long RedShirt = 6;  // stock 20
    public const long BlueShirt = 7; // stock 0

    public const int ProductCount = 7;

    public const long PostalService = 1;    // shipping method: 3.5 at 20 %, every country
    public const long AdvancedShipping = 2; // 2.5 at 20 % (options 2.5 and 7.5), EE FI NO SE only
}
