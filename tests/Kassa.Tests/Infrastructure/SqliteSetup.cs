using System.Runtime.CompilerServices;
using Kassa.Data;
using Kassa.Data.Sqlite;

namespace Kassa.Tests.Infrastructure;

/// <summary>
/// The test process sets SQLite up as Kassa's startup does, before any test opens a connection: SQLite takes its
/// settings only before its first connection, and which test runs first is not fixed.
/// </summary>
internal static class SqliteSetup
{
#pragma warning disable CA2255 // A test assembly is the place for it: it stands in for Kassa's startup.
    [ModuleInitializer]
    internal static void Configure() => SqliteLibrary.Configure();
#pragma warning restore CA2255
}
