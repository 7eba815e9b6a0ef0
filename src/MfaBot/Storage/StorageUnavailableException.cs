namespace MfaBot.Storage;

/// <summary>
/// The store could not write because the disk (or <c>Storage:MaxDatabaseMegabytes</c>) is full or the disk failed. Nothing
/// of that write was committed and everything committed before is intact; a person is asked to try again later.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);
