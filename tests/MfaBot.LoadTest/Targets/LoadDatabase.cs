using Npgsql;

namespace MfaBot.LoadTest.Targets;

/// <summary>A fresh PostgreSQL database for one load run, so no state of an earlier run is read.</summary>
public static class LoadDatabase
{
    public static async Task<string> CreateAsync(string server)
    {
        var name = "mfabot_load_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
