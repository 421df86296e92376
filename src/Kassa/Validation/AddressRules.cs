namespace Kassa.Validation;

/// <summary>The parts of a postal address, whichever dialect's shape carries them.</summary>
public enum AddressPart
{
    Name,
    Company,
    VatCode,
    Line,
    City,
    Region,
    RegionCode,
    CountryName,
    PostalCode,
    Phone,
    PhoneCode,
    Instructions,
}

/// <summary>
/// One rule for addresses in both dialects (Voog's cart address, Outshifter's checkout address): how long each part may
/// be and how its country code is checked, so that an address fits the same in every request.
/// </summary>
public static class AddressRules
{
    private static readonly Dictionary<AddressPart, int> MaxLength = new()
    {
        [AddressPart.Name] = 200,
        [AddressPart.Company] = 200,
        [AddressPart.VatCode] = 50,
        [AddressPart.Line] = 500,
        [AddressPart.City] = 200,
        [AddressPart.Region] = 200,
        [AddressPart.RegionCode] = 10,
        [AddressPart.CountryName] = 200,
        [AddressPart.PostalCode] = 20,
        [AddressPart.Phone] = 50,
        [AddressPart.PhoneCode] = 10,
        [AddressPart.Instructions] = 2000,
    };

    /// <summary>Checks one text part of an address.</summary>
    public static void AddressText(this FieldErrors errors, string field, AddressPart part, string? value) =>
        errors.Text(field, value, MaxLength[part]);

    /// <summary>The address's country code in upper case, or null when none was given or it is not a country (the error noted).</summary>
    public static string? AddressCountry(this FieldErrors errors, string field, string? code) =>
        code is { Length: > 0 } ? errors.CountryCode(field, code) : null;
}
