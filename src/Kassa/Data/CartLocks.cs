namespace Kassa.Data;

/// <summary>
/// One writer per cart in this process (a singleton of the app): the writers of a hot cart wait here holding nothing (no
/// connection, no transaction, no write lock) and take over one after another, so none of them fails a version check
/// against another writer of this process. Between processes the version check (and PostgreSQL's row lock) still orders them.
/// </summary>
public sealed class CartLocks : KeyedLocks<Guid>;
