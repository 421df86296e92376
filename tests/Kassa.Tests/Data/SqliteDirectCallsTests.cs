using System.Reflection;
using Kassa.Data;
using SQLitePCL;
using Kassa.Data.Sqlite;

namespace Kassa.Tests.Data;

/// <summary>
/// The calls <see cref="SqliteDirectCalls"/> makes straight into e_sqlite3 give what SQLitePCLRaw's own provider gives,
/// for every kind of value, and they are the calls Microsoft.Data.Sqlite makes once Kassa has configured SQLite.
/// </summary>
public sealed class SqliteDirectCallsTests
{
    private static readonly ISQLite3Provider Stock = new SQLite3Provider_e_sqlite3();
    private static readonly ISQLite3Provider Direct = new SqliteDirectCalls(Stock);

    [Fact]
    public void Configuring_SQLite_puts_the_direct_calls_under_every_connection()
    {
        Assert.True(SqliteLibrary.Configure());
        var provider = typeof(raw).GetField("_imp", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null);
        Assert.IsType<SqliteDirectCalls>(provider);
    }

    public static TheoryData<string> Values => new()
    {
        "NULL", "0", "42", "-9223372036854775808", "9223372036854775807", "3000000000", "1.5", "-0.1", "1e308",
        "''", "'héllo wörld ✓'", "'12.50'", "'2026-12-02 08:15:00.1234567'", "'not a number'",
        "x''", "x'00ff10'", "zeroblob(3)",
    };

    [Theory, MemberData(nameof(Values))]
    public void A_column_reads_as_SQLitePCLRaw_reads_it(string value) =>
        // Each read on a statement of its own: asking for text or a number converts SQLite's copy of the value.
        Assert.Equal(ReadColumn(Stock, value), ReadColumn(Direct, value));

    [Fact]
    public void Numbers_and_nulls_bound_directly_read_back_as_bound()
    {
        using var db = Open();
        using var stmt = Prepare(db, "SELECT ?1, ?2, ?3, ?4, typeof(?4)");
        Assert.Equal(raw.SQLITE_OK, Stock.sqlite3_bind_int64(stmt, 4, 7));
        Assert.Equal(raw.SQLITE_OK, Direct.sqlite3_bind_int64(stmt, 1, long.MaxValue));
        Assert.Equal(raw.SQLITE_OK, Direct.sqlite3_bind_int(stmt, 2, -5));
        Assert.Equal(raw.SQLITE_OK, Direct.sqlite3_bind_double(stmt, 3, 2.25));
        Assert.Equal(raw.SQLITE_OK, Direct.sqlite3_bind_null(stmt, 4));
        Assert.Equal(raw.SQLITE_ROW, Stock.sqlite3_step(stmt));
        Assert.Equal(long.MaxValue, Stock.sqlite3_column_int64(stmt, 0));
        Assert.Equal(-5, Stock.sqlite3_column_int(stmt, 1));
        Assert.Equal(2.25, Stock.sqlite3_column_double(stmt, 2));
        Assert.Equal(raw.SQLITE_NULL, Stock.sqlite3_column_type(stmt, 3));
        Assert.Equal("null", Stock.sqlite3_column_text(stmt, 4).utf8_to_string());
    }

    [Fact]
    public void A_bind_past_the_parameters_fails_as_SQLitePCLRaw_s_does()
    {
        using var db = Open();
        using var stmt = Prepare(db, "SELECT ?1");
        Assert.Equal(raw.SQLITE_RANGE, Stock.sqlite3_bind_int64(stmt, 2, 1));
        Assert.Equal(Stock.sqlite3_bind_int64(stmt, 2, 1), Direct.sqlite3_bind_int64(stmt, 2, 1));
        Assert.Equal(Stock.sqlite3_bind_int(stmt, 2, 1), Direct.sqlite3_bind_int(stmt, 2, 1));
        Assert.Equal(Stock.sqlite3_bind_double(stmt, 2, 1), Direct.sqlite3_bind_double(stmt, 2, 1));
        Assert.Equal(Stock.sqlite3_bind_null(stmt, 2), Direct.sqlite3_bind_null(stmt, 2));
    }

    [Fact]
    public void A_disposed_statement_is_refused_not_read()
    {
        using var db = Open();
        var stmt = Prepare(db, "SELECT 1");
        stmt.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Stock.sqlite3_column_int64(stmt, 0));
        Assert.Throws<ObjectDisposedException>(() => Direct.sqlite3_column_int64(stmt, 0));
        Assert.Throws<ObjectDisposedException>(() => Direct.sqlite3_column_text(stmt, 0));
        Assert.Throws<ObjectDisposedException>(() => Direct.sqlite3_bind_int64(stmt, 1, 1));
    }

    [Fact]
    public void A_managed_log_callback_is_refused() =>
        Assert.Throws<NotSupportedException>(() => Direct.sqlite3_config_log((_, _, _) => { }, null!));

    // The blob as hex: records compare arrays by reference.
    private sealed record Column(
        int Count, int DataCount, int Type, long Int64, int Int32, double Double, string? Text, int TextBytes, string Blob, int BlobBytes,
        int DataCountWhenDone);

    private static Column ReadColumn(ISQLite3Provider provider, string value)
    {
        using var db = Open();
        // The value is the third of four columns, so a call that ignores the column asked for reads another.
        using var stmt = Prepare(db, $"SELECT 0, 'x', {value}, 1");
        Assert.Equal(raw.SQLITE_ROW, Stock.sqlite3_step(stmt));
        var count = provider.sqlite3_column_count(stmt);
        var dataCount = provider.sqlite3_data_count(stmt);
        var type = provider.sqlite3_column_type(stmt, 2);
        var int64 = provider.sqlite3_column_int64(stmt, 2);
        var int32 = provider.sqlite3_column_int(stmt, 2);
        var number = provider.sqlite3_column_double(stmt, 2);
        var text = provider.sqlite3_column_text(stmt, 2).utf8_to_string();
        var textBytes = provider.sqlite3_column_bytes(stmt, 2);
        var blob = Convert.ToHexString(provider.sqlite3_column_blob(stmt, 2));
        var blobBytes = provider.sqlite3_column_bytes(stmt, 2);
        Assert.Equal(raw.SQLITE_DONE, Stock.sqlite3_step(stmt));
        return new Column(count, dataCount, type, int64, int32, number, text, textBytes, blob, blobBytes, provider.sqlite3_data_count(stmt));
    }

    private static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(db, sql, out var stmt));
        return stmt;
    }

    private static sqlite3 Open()
    {
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_open(":memory:", out var db));
        return db;
    }
}
