using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace Kassa.Data.Sqlite;

/// <summary>
/// SQLitePCLRaw's provider with the calls of a row read made straight into e_sqlite3. SQLitePCLRaw passes each
/// statement as a SafeHandle, so every call took and released a reference on it with two interlocked operations and
/// went through a full transition out of managed code: a cart read makes some 200 such calls (a type check and a
/// value per column), and the reference counting alone was 7 % of a cart GET's samples (docs/benchmarks.md).
/// <para>
/// Here reading a column and binding a number pass the raw pointer and skip the GC transition. SQLite allows that
/// for these functions only in the mode <see cref="SqliteLibrary"/> sets (no connection mutex, no memory statistics:
/// otherwise they would wait on a mutex while the GC waits on them), with no managed log callback (which SQLite may
/// call from a bind; <see cref="sqlite3_config_log"/> is refused), and for values as small as Kassa's (a column read
/// may convert its value, in time proportional to its size). Stepping and resetting a statement can wait on the disk
/// or a lock and run SQL functions written in .NET, so they stay SQLitePCLRaw's, with their reference and transition.
/// </para>
/// <para>
/// Without the reference, nothing but the caller keeps the statement alive during a call: each call holds it until
/// the native call has returned (<see cref="GC.KeepAlive"/>), and refuses one already disposed, as SQLitePCLRaw's
/// marshalling would. What it cannot guard against is another thread disposing the statement during the call; a
/// statement is only ever used by the one request or writer that holds its connection (<see cref="SqliteReadConnections"/>,
/// <see cref="GroupCommitWriter"/>, EF's pooled contexts), which disposes its commands explicitly, never by finalizer.
/// Every other call goes to SQLitePCLRaw's provider unchanged.
/// </para>
/// </summary>
public sealed partial class SqliteDirectCalls(ISQLite3Provider inner) : ISQLite3Provider
{
    private const string Library = "e_sqlite3";

    public int sqlite3_data_count(sqlite3_stmt stmt) => Kept(stmt, Native.sqlite3_data_count(Handle(stmt)));

    public int sqlite3_column_count(sqlite3_stmt stmt) => Kept(stmt, Native.sqlite3_column_count(Handle(stmt)));

    public int sqlite3_column_type(sqlite3_stmt stmt, int index) => Kept(stmt, Native.sqlite3_column_type(Handle(stmt), index));

    public long sqlite3_column_int64(sqlite3_stmt stmt, int index) => Kept(stmt, Native.sqlite3_column_int64(Handle(stmt), index));

    public int sqlite3_column_int(sqlite3_stmt stmt, int index) => Kept(stmt, Native.sqlite3_column_int(Handle(stmt), index));

    public double sqlite3_column_double(sqlite3_stmt stmt, int index) => Kept(stmt, Native.sqlite3_column_double(Handle(stmt), index));

    public int sqlite3_column_bytes(sqlite3_stmt stmt, int index) => Kept(stmt, Native.sqlite3_column_bytes(Handle(stmt), index));

    // As SQLitePCLRaw's provider: the text first, then its length, which SQLite gives for the text form just made.
    public unsafe utf8z sqlite3_column_text(sqlite3_stmt stmt, int index)
    {
        var handle = Handle(stmt);
        var text = Native.sqlite3_column_text(handle, index);
        var length = Native.sqlite3_column_bytes(handle, index);
        GC.KeepAlive(stmt);
        return utf8z.FromPtrLen(text, length);
    }

    public unsafe ReadOnlySpan<byte> sqlite3_column_blob(sqlite3_stmt stmt, int index)
    {
        var handle = Handle(stmt);
        var blob = Native.sqlite3_column_blob(handle, index);
        var length = blob is null ? 0 : Native.sqlite3_column_bytes(handle, index);
        GC.KeepAlive(stmt);
        return blob is null ? default : new ReadOnlySpan<byte>(blob, length);
    }

    public int sqlite3_bind_int64(sqlite3_stmt stmt, int index, long value) => Kept(stmt, Native.sqlite3_bind_int64(Handle(stmt), index, value));

    public int sqlite3_bind_int(sqlite3_stmt stmt, int index, int value) => Kept(stmt, Native.sqlite3_bind_int(Handle(stmt), index, value));

    public int sqlite3_bind_double(sqlite3_stmt stmt, int index, double value) => Kept(stmt, Native.sqlite3_bind_double(Handle(stmt), index, value));

    public int sqlite3_bind_null(sqlite3_stmt stmt, int index) => Kept(stmt, Native.sqlite3_bind_null(Handle(stmt), index));

    public int sqlite3_config_log(delegate_log func, object v) =>
        throw new NotSupportedException("SQLite may log from the calls Kassa makes without a GC transition; a managed log callback would crash the process there.");

    // The native call is made while the statement is an argument still to be passed: it stays alive until the call returns.
    private static T Kept<T>(sqlite3_stmt stmt, T result)
    {
        GC.KeepAlive(stmt);
        return result;
    }

    private static IntPtr Handle(sqlite3_stmt stmt)
    {
        ObjectDisposedException.ThrowIf(stmt.IsClosed, stmt);
        return stmt.DangerousGetHandle();
    }

    private static unsafe partial class Native
    {
        [LibraryImport(Library), SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_data_count(IntPtr stmt);

        [LibraryImport(Library), SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_column_count(IntPtr stmt);

        [LibraryImport(Library), SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_column_type(IntPtr stmt, int index);

        [LibraryImport(Library), SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial long sqlite3_column_int64(IntPtr stmt, int index);

        [LibraryImport(Library), SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_column_int(IntPtr stmt, int index);

        [LibraryImport(Library), SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial double sqlite3_column_double(IntPtr stmt, int index);

        [LibraryImport(Library), SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_column_bytes(IntPtr stmt, int index);

        [LibraryImport(Library), SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial byte* sqlite3_column_text(IntPtr stmt, int index);

        [LibraryImport(Library), SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial byte* sqlite3_column_blob(IntPtr stmt, int index);

        [LibraryImport(Library), SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_bind_int64(IntPtr stmt, int index, long value);

        [LibraryImport(Library), SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_bind_int(IntPtr stmt, int index, int value);

        [LibraryImport(Library), SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_bind_double(IntPtr stmt, int index, double value);

        [LibraryImport(Library), SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_bind_null(IntPtr stmt, int index);
    }
}
