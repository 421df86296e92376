namespace Kassa.Http;

/// <summary>Names CLR types the way an API client thinks of them, for error messages.</summary>
public static class JsonTypeNames
{
    public static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return "a string";
        if (t == typeof(bool)) return "true or false";
        if (t == typeof(int) || t == typeof(long)) return "an integer";
        if (t == typeof(decimal) || t == typeof(double)) return "a number";
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>)) return "an array";
        return "an object";
    }
}
