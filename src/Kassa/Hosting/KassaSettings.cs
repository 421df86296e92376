using System.Text.RegularExpressions;
using Kassa.Http;

namespace Kassa.Hosting;

/// <summary>
/// Reads the <c>Kassa</c> section once at start-up and refuses what cannot work, each problem as a sentence that names
/// the setting and a right value (<see cref="StartupProblem"/>), instead of a binder's stack trace or a fault later.
/// </summary>
public static partial class KassaSettings
{
    public static KassaOptions Read(IConfiguration configuration)
    {
        KassaOptions options;
        try
        {
            options = configuration.GetSection(KassaOptions.Section).Get<KassaOptions>() ?? new KassaOptions();
        }
        catch (InvalidOperationException e) when (BinderPath().Match(e.Message) is { Success: true } match)
        {
            var key = match.Groups["key"].Value;
            throw new StartupProblem($"{key} is '{configuration[key]}' but must be {Kind(match.Groups["type"].Value)}, e.g. {EnvironmentName(key)}={Example(key)}.", e);
        }
        var problems = Check(options).ToList();
        if (problems.Count > 0) throw new StartupProblem(string.Join(Environment.NewLine, problems));
        return options;
    }

    /// <summary>How a setting is written as an environment variable: <c>Kassa:Retention:Days</c> is <c>Kassa__Retention__Days</c>.</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static IEnumerable<string> Check(KassaOptions o)
    {
        const string k = KassaOptions.Section;
        var provider = o.Database.Provider.Trim().ToLowerInvariant();
        if (provider is not ("sqlite" or "postgres" or "postgresql"))
            yield return $"{k}:Database:Provider is '{o.Database.Provider}' but must be 'sqlite' or 'postgres', e.g. {k}__Database__Provider=postgres.";
        if (o.DataDirectory is { } data && string.IsNullOrWhiteSpace(data))
            yield return $"{k}:DataDirectory is empty but must name a folder Kassa may write, e.g. {k}__DataDirectory=/var/lib/kassa.";
        if (o.KeyRingDirectory is { } keys && string.IsNullOrWhiteSpace(keys))
            yield return $"{k}:KeyRingDirectory is empty but must name a folder Kassa may write, e.g. {k}__KeyRingDirectory=/var/lib/kassa/keys, or be left unset.";

        var counts = new (string Key, long Value, long Least, long Example)[]
        {
            ("MaxRequestBodyBytes", o.MaxRequestBodyBytes, 1, 1_048_576),
            ("Database:StartupRetrySeconds", o.Database.StartupRetrySeconds, 0, 30),
            ("Payments:WebhookToleranceSeconds", o.Payments.WebhookToleranceSeconds, 1, 300),
            ("Payments:PendingOrderExpiryMinutes", o.Payments.PendingOrderExpiryMinutes, 1, 1440),
            ("Retention:Days", o.Retention.Days, 1, 60),
            ("Retention:IntervalMinutes", o.Retention.IntervalMinutes, 1, 60),
            ("Webhooks:KeepDays", o.Webhooks.KeepDays, 1, 30),
            ("RateLimits:CartCreation:PermitLimit", o.RateLimits.CartCreation.PermitLimit, 1, 120),
            ("RateLimits:CartCreation:WindowSeconds", o.RateLimits.CartCreation.WindowSeconds, 1, 60),
            ("RateLimits:CheckoutCreation:PermitLimit", o.RateLimits.CheckoutCreation.PermitLimit, 1, 60),
            ("RateLimits:CheckoutCreation:WindowSeconds", o.RateLimits.CheckoutCreation.WindowSeconds, 1, 60),
            ("RateLimits:Writes:PermitLimit", o.RateLimits.Writes.PermitLimit, 1, 1200),
            ("RateLimits:Writes:WindowSeconds", o.RateLimits.Writes.WindowSeconds, 1, 60),
            ("RateLimits:AdminAuthentication:FailureLimit", o.RateLimits.AdminAuthentication.FailureLimit, 1, 10),
            ("RateLimits:AdminAuthentication:WindowSeconds", o.RateLimits.AdminAuthentication.WindowSeconds, 1, 600),
            ("RateLimits:AdminAuthentication:LockoutSeconds", o.RateLimits.AdminAuthentication.LockoutSeconds, 1, 900),
        };
        foreach (var (key, value, least, example) in counts)
            if (value < least)
                yield return $"{k}:{key} is '{value}' but must be a whole number of at least {least}, e.g. {EnvironmentName($"{k}:{key}")}={example}.";

        var urls = new (string Key, string? Value, string Example)[]
        {
            ("PublicBaseUrl", o.PublicBaseUrl, "https://shop.example.com/kassa"),
            ("Payments:Stripe:ApiBase", o.Payments.Stripe.ApiBase, Payments.StripeOptions.DefaultApiBase),
            ("Payments:Klarna:ApiBase", o.Payments.Klarna.ApiBase, Payments.KlarnaOptions.DefaultApiBase),
        };
        foreach (var (key, value, example) in urls)
            if (value is { Length: > 0 } && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
                yield return $"{k}:{key} is '{value}' but must be an absolute http(s) URL, e.g. {EnvironmentName($"{k}:{key}")}={example}.";
    }

    private static string Kind(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Boolean" => "true or false",
        _ => $"a {type.Split('.')[^1]}",
    };

    /// <summary>The setting's default, read from a fresh <see cref="KassaOptions"/> along the key's path.</summary>
    private static string Example(string key)
    {
        object? value = new KassaOptions();
        foreach (var part in key.Split(':').Skip(1))
            value = value?.GetType().GetProperties().FirstOrDefault(p => p.Name.Equals(part, StringComparison.OrdinalIgnoreCase))?.GetValue(value);
        return value switch
        {
            bool b => b ? "true" : "false",
            null => "…",
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "…",
        };
    }

    /// <summary>The configuration binder's "Failed to convert configuration value '…' at 'Kassa:…' to type '…'".</summary>
    [GeneratedRegex("at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex BinderPath();
}
