using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace Kassa.Data;

/// <summary>
/// SQLitePCLRaw's provider with the calls of a row read and of a statement's run made straight into e_sqlite3.
/// SQLitePCLRaw passes each statement as a SafeHandle, so every call took and released a reference on it with two
/// interlocked operations and went through a full transition out of managed code: a cart read makes some 250 such
/// calls (a type check and a value per column), and the reference counting alone was 7 % of a cart GET's samples
/// (docs/benchmarks.md). Here the calls that read a column or bind a number pass the raw pointer and skip the GC
/// transition, which SQLite's column and bind functions allow: they never block, and never call back. Stepping and
/// resetting a statement can wait on the disk or a lock, so they keep the transition and skip only the reference.
/// <para>
/// Skipping the reference is safe because a statement is only ever used by the one request or writer that holds its
/// connection (<see cref="SqliteReadConnections"/>, <see cref="SqliteWriteConnection"/>, EF's pooled contexts), which is also
/// the only one that can dispose of it. Every other call goes to SQLitePCLRaw's own provider unchanged.
/// </para>
/// </summary>
public sealed partial class SqliteDirectCalls(ISQLite3Provider inner) : ISQLite3Provider
{
    private const string Library = "e_sqlite3";

    public int sqlite3_step(sqlite3_stmt stmt) => Native.sqlite3_step(stmt.DangerousGetHandle());

    public int sqlite3_reset(sqlite3_stmt stmt) => Native.sqlite3_reset(stmt.DangerousGetHandle());

    public int sqlite3_data_count(sqlite3_stmt stmt) => Native.sqlite3_data_count(stmt.DangerousGetHandle());

    public int sqlite3_column_count(sqlite3_stmt stmt) => Native.sqlite3_column_count(stmt.DangerousGetHandle());

    public int sqlite3_column_type(sqlite3_stmt stmt, int index) => Native.sqlite3_column_type(stmt.DangerousGetHandle(), index);

    public long sqlite3_column_int64(sqlite3_stmt stmt, int index) => Native.sqlite3_column_int64(stmt.DangerousGetHandle(), index);

    public int sqlite3_column_int(sqlite3_stmt stmt, int index) => Native.sqlite3_column_int(stmt.DangerousGetHandle(), index);

    public double sqlite3_column_double(sqlite3_stmt stmt, int index) => Native.sqlite3_column_double(stmt.DangerousGetHandle(), index);

    public int sqlite3_column_bytes(sqlite3_stmt stmt, int index) => Native.sqlite3_column_bytes(stmt.DangerousGetHandle(), index);

    // As SQLitePCLRaw's provider: the text first, then its length, which SQLite gives for the text form just made.
    public unsafe utf8z sqlite3_column_text(sqlite3_stmt stmt, int index)
    {
        var handle = stmt.DangerousGetHandle();
        var text = Native.sqlite3_column_text(handle, index);
        return utf8z.FromPtrLen(text, Native.sqlite3_column_bytes(handle, index));
    }

    public unsafe ReadOnlySpan<byte> sqlite3_column_blob(sqlite3_stmt stmt, int index)
    {
        var handle = stmt.DangerousGetHandle();
        var blob = Native.sqlite3_column_blob(handle, index);
        return blob is null ? default : new ReadOnlySpan<byte>(blob, Native.sqlite3_column_bytes(handle, index));
    }

    public int sqlite3_bind_int64(sqlite3_stmt stmt, int index, long value) => Native.sqlite3_bind_int64(stmt.DangerousGetHandle(), index, value);

    public int sqlite3_bind_int(sqlite3_stmt stmt, int index, int value) => Native.sqlite3_bind_int(stmt.DangerousGetHandle(), index, value);

    public int sqlite3_bind_double(sqlite3_stmt stmt, int index, double value) => Native.sqlite3_bind_double(stmt.DangerousGetHandle(), index, value);

    public int sqlite3_bind_null(sqlite3_stmt stmt, int index) => Native.sqlite3_bind_null(stmt.DangerousGetHandle(), index);

    private static unsafe partial class Native
    {
        [LibraryImport(Library)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_step(IntPtr stmt);

        [LibraryImport(Library)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_reset(IntPtr stmt);

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
