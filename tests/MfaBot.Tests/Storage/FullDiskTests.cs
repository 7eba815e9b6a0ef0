using System.Net;
using MfaBot.Storage.Sqlite;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Data.Sqlite;

namespace MfaBot.Tests.Storage;

/// <summary>
/// The SQLite file reaches Storage:MaxDatabaseMegabytes (what a full disk looks like to SQLite, SQLITE_FULL): the person
/// is told to try again later, /readyz says not ready, nothing saved before is lost, and once there is room the
/// enrollment that was in progress finishes.
/// </summary>
public sealed class FullDiskTests
{
    private static readonly HttpClient Http = new();

    private static bool IsDoneCard(TestConnector.Call c) =>
        c.Method == "PUT" && TestConnector.CardOf(c)?.ToJsonString().Contains("MFA is on", StringComparison.Ordinal) == true;

    [Fact]
    public async Task A_full_database_asks_people_to_try_again_later_turns_not_ready_and_loses_nothing()
    {
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?> { ["Storage:MaxDatabaseMegabytes"] = "1" });
        var (card, key) = await h.StartEnrollmentAsync(h.Chat());
        var before = await h.StoredEnrollmentAsync();
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(h.Bot.BaseUrl + "/readyz")).StatusCode);

        var fillers = Fill(h.DataFolder);
        Assert.True(fillers > 0);

        var skip = h.Connector.Calls.Count;
        var (c1, c2) = h.CodesNow(key);
        await h.Chat().SubmitAsync(card.ResultId, EnrollmentHarness.Codes(c1, c2));
        var reply = await h.Chat().NextAsync(c => TestConnector.TextOf(c) is not null, skip);
        Assert.Contains("my storage is full", TestConnector.TextOf(reply), StringComparison.Ordinal);
        Assert.Contains("try again later", TestConnector.TextOf(reply), StringComparison.Ordinal);
        Assert.DoesNotContain("nothing was changed", TestConnector.TextOf(reply), StringComparison.Ordinal);

        var ready = await Http.GetAsync(h.Bot.BaseUrl + "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("is full", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(h.Logs.Lines, l => l.Contains("could not save its state", StringComparison.Ordinal));
        // What was saved before the disk filled is still there, unchanged or moved on, never gone.
        Assert.Equal(before.Value.IamUserName, (await h.StoredEnrollmentAsync()).Value.IamUserName);

        // Room again: the same setup finishes with the next codes.
        Free(h.DataFolder);
        h.Clock.Advance(TimeSpan.FromSeconds(60));
        var (n1, n2) = h.CodesNow(key);
        await h.SubmitCodesAsync(h.Chat(), card.ResultId, n1, n2, IsDoneCard);
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
    }

    /// <summary>Writes filler rows beside the bot, through SQLite as another writer would, until even a small row finds no room.</summary>
    private static int Fill(string dataFolder)
    {
        using var connection = Open(dataFolder);
        var rows = 0;
        foreach (var size in new[] { 8000, 1000, 100, 10 })
            while (true)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO mfabot_state (key, value, etag, updated_at) VALUES ($key, $value, 'x', 'x')";
                insert.Parameters.AddWithValue("$key", $"test/filler/{rows}");
                insert.Parameters.AddWithValue("$value", new string('f', size));
                try
                {
                    insert.ExecuteNonQuery();
                    rows++;
                }
                catch (SqliteException e) when (e.SqliteErrorCode == 13)
                {
                    break;
                }
            }
        return rows;
    }

    private static void Free(string dataFolder)
    {
        using var connection = Open(dataFolder);
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM mfabot_state WHERE key >= 'test/filler/' AND key < 'test/filler0'";
        delete.ExecuteNonQuery();
    }

    private static SqliteConnection Open(string dataFolder)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dataFolder, SqliteDatabase.FileName)};Pooling=False");
        connection.Open();
        using var settings = connection.CreateCommand();
        settings.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA max_page_count = 256;";
        settings.ExecuteNonQuery();
        return connection;
    }
}
