using System.Net;
using Npgsql;

namespace Kassa.Tests.Hosting;

/// <summary>A PostgreSQL database that does not exist yet is made at start-up, as EF's migrations would make it.</summary>
public sealed class PostgresDatabaseCreationTests
{
    [PostgresFact]
    public async Task A_missing_database_is_created_before_the_migrations_run()
    {
        var name = "kassa_missing_" + Guid.NewGuid().ToString("N")[..12];
        await using (var factory = KassaFactory.OnMissingDatabase(name))
        {
            factory.KeepDatabase = true;
            await factory.InitializeAsync();
            using var ready = await factory.Anonymous().GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            using var products = await factory.Anonymous().GetAsync("/api/products");
            Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        }

        var admin = new NpgsqlConnectionStringBuilder(KassaFactory.PostgresServer) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection))
        {
            count.Parameters.AddWithValue("name", name);
            Assert.Equal(1L, await count.ExecuteScalarAsync());
        }
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
