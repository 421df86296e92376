using Microsoft.EntityFrameworkCore;

namespace Kassa.Data;

public static class ConstraintViolations
{
    /// <summary>
    /// A unique or foreign-key clash: two requests raced for the same row (or a row went away under
    /// one). The client can retry, so it is a 409, never a 500.
    /// </summary>
    public static bool IsConstraintViolation(this DbUpdateException e) => e.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState is Npgsql.PostgresErrorCodes.UniqueViolation or Npgsql.PostgresErrorCodes.ForeignKeyViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        _ => false,
    };
}
