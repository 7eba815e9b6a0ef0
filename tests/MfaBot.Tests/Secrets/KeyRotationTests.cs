using System.Security.Cryptography;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Secrets;

/// <summary>Rotating the seed-protection key as the README says, with an enrollment in flight.</summary>
public sealed class KeyRotationTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static bool IsDoneCard(TestConnector.Call c) =>
        c.Method == "PUT" && TestConnector.CardOf(c)?.ToJsonString().Contains("MFA is on", StringComparison.Ordinal) == true;

    [Fact]
    public async Task An_enrollment_started_under_key_a_finishes_after_a_restart_that_makes_key_b_active()
    {
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Secrets:Keys:0:Id"] = "a",
            ["Secrets:Keys:0:Key"] = KeyA,
            ["Secrets:ActiveKeyId"] = "a",
        });
        var (card, key) = await h.StartEnrollmentAsync(h.Chat());
        Assert.Contains("aes1:a:", await StateTextAsync(h), StringComparison.Ordinal);

        // Step 1 of the rotation: add B and make it active; A stays for what it sealed.
        await h.RestartAsync(new Dictionary<string, string?>
        {
            ["Secrets:Keys:1:Id"] = "b",
            ["Secrets:Keys:1:Key"] = KeyB,
            ["Secrets:ActiveKeyId"] = "b",
        });
        var megan = h.Chat("29:megan", "Megan Bowen");
        await h.StartEnrollmentAsync(megan);
        Assert.Contains("aes1:b:", await StateTextAsync(h), StringComparison.Ordinal);

        var (c1, c2) = h.CodesNow(key);
        var done = await h.SubmitCodesAsync(h.Chat(), card.ResultId, c1, c2, IsDoneCard);
        Assert.Equal(card.ResultId, done.ActivityId);
    }

    [Fact]
    public async Task Removing_the_old_key_too_early_ends_its_enrollment_cleanly_and_leaks_nothing()
    {
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Secrets:Keys:0:Id"] = "a",
            ["Secrets:Keys:0:Key"] = KeyA,
            ["Secrets:ActiveKeyId"] = "a",
        });
        var (card, key) = await h.StartEnrollmentAsync(h.Chat());
        await h.RestartAsync(new Dictionary<string, string?> { ["Secrets:Keys:0:Id"] = "b", ["Secrets:Keys:0:Key"] = KeyB, ["Secrets:ActiveKeyId"] = "b" });

        var (c1, c2) = h.CodesNow(key);
        var reply = await h.SubmitCodesAsync(h.Chat(), card.ResultId, c1, c2, c => TestConnector.TextOf(c) is not null);
        Assert.DoesNotContain(c1, TestConnector.TextOf(reply), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Connector.Calls, IsDoneCard);
    }

    private static Task<string> StateTextAsync(EnrollmentHarness h) => Task.FromResult(StoredState.Text(h.DataFolder));
}
