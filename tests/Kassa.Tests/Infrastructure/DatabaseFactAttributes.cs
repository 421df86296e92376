namespace Kassa.Tests.Infrastructure;

/// <summary>
/// A test of a SQLite-only mechanism (pragmas, kept-open connections, group commit): run on SQLite, and
/// reported as skipped, not as passed, when the suite runs against PostgreSQL (KASSA_TEST_POSTGRES).
/// </summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (KassaFactory.OnPostgres) Skip = "SQLite only: the suite runs against PostgreSQL (KASSA_TEST_POSTGRES).";
    }
}

/// <summary>A <see cref="SqliteFactAttribute"/> with data.</summary>
public sealed class SqliteTheoryAttribute : TheoryAttribute
{
    public SqliteTheoryAttribute()
    {
        if (KassaFactory.OnPostgres) Skip = "SQLite only: the suite runs against PostgreSQL (KASSA_TEST_POSTGRES).";
    }
}

/// <summary>A test of a PostgreSQL-only behaviour: run when the suite runs against PostgreSQL, reported as skipped on SQLite.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!KassaFactory.OnPostgres) Skip = "PostgreSQL only: set KASSA_TEST_POSTGRES to run it.";
    }
}
