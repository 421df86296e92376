using Kassa.Data;
using Kassa.Hosting;
using Kassa.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Kassa.Tests.Hosting;

/// <summary>Each broken setting stops start-up with one sentence that names it and shows a right value.</summary>
public sealed class KassaSettingsTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    public static TheoryData<string, string?, string> BrokenSettings => new()
    {
        { "Kassa:Database:Provider", "mysql", "Kassa:Database:Provider is 'mysql' but must be 'sqlite' or 'postgres', e.g. Kassa__Database__Provider=postgres." },
        { "Kassa:MaxRequestBodyBytes", "1MB", "Kassa:MaxRequestBodyBytes is '1MB' but must be a whole number, e.g. Kassa__MaxRequestBodyBytes=1048576." },
        { "Kassa:MaxRequestBodyBytes", "0", "Kassa:MaxRequestBodyBytes is '0' but must be a whole number of at least 1, e.g. Kassa__MaxRequestBodyBytes=1048576." },
        { "Kassa:SeedDemoData", "yes", "Kassa:SeedDemoData is 'yes' but must be true or false, e.g. Kassa__SeedDemoData=true." },
        { "Kassa:Retention:Days", "-5", "Kassa:Retention:Days is '-5' but must be a whole number of at least 1, e.g. Kassa__Retention__Days=60." },
        { "Kassa:Webhooks:KeepDays", "0", "Kassa:Webhooks:KeepDays is '0' but must be a whole number of at least 1, e.g. Kassa__Webhooks__KeepDays=30." },
        { "Kassa:Retention:IntervalMinutes", "0", "Kassa:Retention:IntervalMinutes is '0' but must be a whole number of at least 1, e.g. Kassa__Retention__IntervalMinutes=60." },
        { "Kassa:Payments:WebhookToleranceSeconds", "ten", "Kassa:Payments:WebhookToleranceSeconds is 'ten' but must be a whole number, e.g. Kassa__Payments__WebhookToleranceSeconds=300." },
        { "Kassa:Payments:PendingOrderExpiryMinutes", "0", "Kassa:Payments:PendingOrderExpiryMinutes is '0' but must be a whole number of at least 1, e.g. Kassa__Payments__PendingOrderExpiryMinutes=1440." },
        { "Kassa:Database:StartupRetrySeconds", "-1", "Kassa:Database:StartupRetrySeconds is '-1' but must be a whole number of at least 0, e.g. Kassa__Database__StartupRetrySeconds=30." },
        { "Kassa:RateLimits:CartCreation:PermitLimit", "0", "Kassa:RateLimits:CartCreation:PermitLimit is '0' but must be a whole number of at least 1, e.g. Kassa__RateLimits__CartCreation__PermitLimit=120." },
        { "Kassa:RateLimits:Writes:WindowSeconds", "0", "Kassa:RateLimits:Writes:WindowSeconds is '0' but must be a whole number of at least 1, e.g. Kassa__RateLimits__Writes__WindowSeconds=60." },
        { "Kassa:RateLimits:AdminAuthentication:LockoutSeconds", "0", "Kassa:RateLimits:AdminAuthentication:LockoutSeconds is '0' but must be a whole number of at least 1, e.g. Kassa__RateLimits__AdminAuthentication__LockoutSeconds=900." },
        { "Kassa:RateLimits:Enabled", "off", "Kassa:RateLimits:Enabled is 'off' but must be true or false, e.g. Kassa__RateLimits__Enabled=true." },
        { "Kassa:PublicBaseUrl", "shop.example.com", "Kassa:PublicBaseUrl is 'shop.example.com' but must be an absolute http(s) URL, e.g. Kassa__PublicBaseUrl=https://shop.example.com/kassa." },
        { "Kassa:Payments:Stripe:ApiBase", "ftp://stripe", "Kassa:Payments:Stripe:ApiBase is 'ftp://stripe' but must be an absolute http(s) URL, e.g. Kassa__Payments__Stripe__ApiBase=https://api.stripe.com." },
        { "Kassa:DataDirectory", " ", "Kassa:DataDirectory is empty but must name a folder Kassa may write, e.g. Kassa__DataDirectory=/var/lib/kassa." },
        { "Kassa:KeyRingDirectory", "", "Kassa:KeyRingDirectory is empty but must name a folder Kassa may write, e.g. Kassa__KeyRingDirectory=/var/lib/kassa/keys, or be left unset." },
    };

    [Theory]
    [MemberData(nameof(BrokenSettings))]
    public void A_broken_setting_is_one_sentence_naming_it_and_a_right_value(string key, string? value, string sentence)
    {
        var problem = Assert.Throws<StartupProblem>(() => KassaSettings.Read(Config((key, value))));
        Assert.Equal(sentence, problem.Message);
        Assert.Equal(sentence, StartupFailure.Explain(problem));
    }

    [Fact]
    public void Good_settings_pass()
    {
        var options = KassaSettings.Read(Config(("Kassa:Database:Provider", "PostgreSQL"), ("Kassa:Retention:Days", "7"), ("Kassa:DataDirectory", "/var/lib/kassa")));
        Assert.Equal(7, options.Retention.Days);
        Assert.Equal(120, KassaSettings.Read(Config()).RateLimits.CartCreation.PermitLimit);
    }

    [Theory]
    [InlineData("Kassa:RateLimits:TrustedClients:0", "10.0.0.300", "Kassa:RateLimits:TrustedClients:0 is '10.0.0.300' but must be an IP address or a network in CIDR form, e.g. Kassa__RateLimits__TrustedClients__0=10.0.0.5 or 10.0.0.0/24.")]
    [InlineData("Kassa:RateLimits:TrustedClients", "10.0.0.1, storefront", "Kassa:RateLimits:TrustedClients is 'storefront' but must be an IP address or a network in CIDR form, e.g. Kassa__RateLimits__TrustedClients=10.0.0.5 or 10.0.0.0/24.")]
    [InlineData("Kassa:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "Kassa:ForwardedHeaders:KnownNetworks:0 is '10.0.0.0/33' but must be an IP address or a network in CIDR form, e.g. Kassa__ForwardedHeaders__KnownNetworks__0=10.0.0.5 or 10.0.0.0/24.")]
    public void A_malformed_address_is_one_sentence(string key, string value, string sentence)
    {
        var listKey = string.Join(':', key.Split(':').Take(3));
        var problem = Assert.Throws<StartupProblem>(() => AddressList.Read(Config((key, value)), listKey));
        Assert.Equal(sentence, problem.Message);
    }

    [Fact]
    public void Address_lists_take_addresses_and_networks_from_a_list_or_one_comma_separated_value()
    {
        var list = AddressList.Read(Config(("Kassa:X", "10.0.0.5, 2001:db8::/32"), ("Kassa:X:0", "192.168.0.0/16")), "Kassa:X");
        Assert.True(list.Contains(System.Net.IPAddress.Parse("10.0.0.5")));
        Assert.True(list.Contains(System.Net.IPAddress.Parse("::ffff:10.0.0.5")));
        Assert.False(list.Contains(System.Net.IPAddress.Parse("10.0.0.6")));
        Assert.True(list.Contains(System.Net.IPAddress.Parse("2001:db8:ffff::1")));
        Assert.True(list.Contains(System.Net.IPAddress.Parse("192.168.4.4")));
        Assert.True(AddressList.Read(Config(), "Kassa:X").IsEmpty);
    }

    [Fact]
    public void The_database_goes_in_the_data_directory_and_by_default_in_data_under_the_working_directory()
    {
        var folder = Path.Combine(Path.GetTempPath(), "kassa-tests", "data-directory-" + Guid.NewGuid().ToString("N"), "state");
        try
        {
            var inFolder = new SqliteConnectionStringBuilder(DataServices.SqliteConnectionString(null, folder));
            Assert.Equal(Path.Combine(folder, "kassa.db"), inFolder.DataSource);
            Assert.True(Directory.Exists(folder));
            // A connection string wins over the data directory.
            Assert.Equal("/elsewhere/k.db", new SqliteConnectionStringBuilder(DataServices.SqliteConnectionString("Data Source=/elsewhere/k.db", folder)).DataSource);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
        // What `dotnet run --project src/Kassa` has always used: data/kassa.db under the working directory.
        Assert.Equal(Path.GetFullPath("data/kassa.db"), Path.GetFullPath(new SqliteConnectionStringBuilder(DataServices.SqliteConnectionString(null)).DataSource));
    }

    public static TheoryData<string, string> BrokenConnectionStrings => new()
    {
        { "sqlite", "Server=x;Foo=bar" },
        { "postgres", "Host=db;Port=five" },
        { "postgres", "" },
    };

    [Theory]
    [MemberData(nameof(BrokenConnectionStrings))]
    public void A_connection_string_that_cannot_be_read_is_one_sentence(string provider, string connectionString)
    {
        var database = new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
        var problem = Assert.Throws<StartupProblem>(() => new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddKassaData(database));
        Assert.Single(problem.Message.Split('\n'));
        Assert.Contains("Kassa:Database:ConnectionString", problem.Message);
        Assert.Contains(provider == "sqlite" ? "Data Source=/var/lib/kassa/kassa.db" : DataServices.PostgresExample, problem.Message);
    }
}
