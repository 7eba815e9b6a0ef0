using System.Text.Json.Nodes;
using MfaBot.Tests.Resets;

namespace MfaBot.Tests.Storage;

/// <summary>On the default store, an enrollment and a helpdesk reset leave their state and audit rows in mfabot.db and no JSON file.</summary>
public sealed class SqliteOnlyTests
{
    [Fact]
    public async Task An_enrollment_and_a_reset_write_only_the_database()
    {
        await using var h = await ResetHarness.StartAsync();
        await h.RegisterHelpdeskAsync();
        var alex = h.Alex();
        await h.EnrollAsync(alex);
        var (_, card) = await h.RequestResetAsync(alex);
        var id = ResetHarness.RequestIdOf(card);
        var skip = await h.ClickAsync(h.Lynne(), card, "reset.deny", id, new JsonObject { ["denyReason"] = "Please call the service desk first" });
        await h.CardUpdateAsync(card, "Denied by Lynne Robbins", skip);

        var actions = h.Audit().Select(a => a["action"]!.GetValue<string>()).ToList();
        Assert.Contains("enrollment.completed", actions);
        Assert.Contains("reset.denied", actions);
        var data = h.Inner.DataFolder;
        Assert.True(File.Exists(Path.Combine(data, "mfabot.db")));
        // The IAM simulator's own files (state file and journal) are the demo's AWS, not the bot's state.
        Assert.DoesNotContain(Directory.GetFiles(data, "*.json*", SearchOption.AllDirectories),
            f => Path.GetFileName(f) is not ("iam-simulator.json" or "iam-simulator.json.journal"));
    }
}
