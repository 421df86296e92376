using Kassa.Data;
using Kassa.Hosting;
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
        { "Kassa:Retention:IntervalMinutes", "0", "Kassa:Retention:IntervalMinutes is '0' but must be a whole number of at least 1, e.g. Kassa__Retention__IntervalMinutes=60." },
        { "Kassa:Payments:WebhookToleranceSeconds", "ten", "Kassa:Payments:WebhookToleranceSeconds is 'ten' but must be a whole number, e.g. Kassa__Payments__WebhookToleranceSeconds=300." },
        { "Kassa:Payments:PendingOrderExpiryMinutes", "0", "Kassa:Payments:PendingOrderExpiryMinutes is '0' but must be a whole number of at least 1, e.g. Kassa__Payments__PendingOrderExpiryMinutes=1440." },
        { "Kassa:Database:StartupRetrySeconds", "-1", "Kassa:Database:StartupRetrySeconds is '-1' but must be a whole number of at least 0, e.g. Kassa__Database__StartupRetrySeconds=30." },
        { "Kassa:PublicBaseUrl", "shop.example.com", "Kassa:PublicBaseUrl is 'shop.example.com' but must be an absolute http(s) URL, e.g. Kassa__PublicBaseUrl=https://shop.example.com/kassa." },
        { "Kassa:Payments:Stripe:ApiBase", "ftp://stripe", "Kassa:Payments:Stripe:ApiBase is 'ftp://stripe' but must be an absolute http(s) URL, e.g. Kassa__Payments__Stripe__ApiBase=https://api.stripe.com." },
        { "Kassa:DataDirectory", " ", "Kassa:DataDirectory is empty but must name a folder Kassa may write, e.g. Kassa__DataDirectory=/var/lib/kassa." },
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
