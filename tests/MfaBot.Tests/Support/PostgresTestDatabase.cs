using Npgsql;

namespace MfaBot.Tests.Support;

/// <summary>
/// Databases on the PostgreSQL server that ./test.sh starts on loopback and names in MFABOT_TEST_POSTGRES.
/// Without it the tests that need PostgreSQL fail (never skip), saying how to get one.
/// </summary>
public static class PostgresTestDatabase
{
    public const string Variable = "MFABOT_TEST_POSTGRES";

    public static string ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(
            $"{Variable} is not set. Run ./test.sh, which starts a private PostgreSQL on loopback, or set {Variable} to an Npgsql connection string of a server where you may create databases.");

    private static readonly Lazy<Task<string>> SharedDatabase = new(() => CreateAsync());

    /// <summary>One database for the whole test run; tests sharing it keep to their own keys.</summary>
    public static Task<string> SharedAsync() => SharedDatabase.Value;

    /// <summary>A new, empty database of its own (for tests whose background work lists every key).</summary>
    public static async Task<string> CreateAsync()
    {
        var name = $"mfabot_t{Guid.NewGuid():N}";
        await using (var server = NpgsqlDataSource.Create(ServerConnectionString))
        await using (var command = server.CreateCommand($"CREATE DATABASE {name}"))
        {
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateAsync"/>, for one whose rows must not outlive its test.</summary>
    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var server = NpgsqlDataSource.Create(ServerConnectionString);
        await using var command = server.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await command.ExecuteNonQueryAsync();
    }
}
