using MfaBot.LeakScan.Suite;
using MfaBot.Storage.Sqlite;

namespace MfaBot.Tests.Support;

/// <summary>What the bot's SQLite database holds, read-only and while the bot runs, as the secret scan reads it.</summary>
public static class StoredState
{
    /// <summary>Every row of every table of "&lt;dataFolder&gt;/mfabot.db", one line each.</summary>
    public static string Text(string dataFolder) =>
        string.Join('\n', SqliteSource.Read(Path.Combine(dataFolder, SqliteDatabase.FileName)).SelectMany(t => t.Rows));
}
