using MfaBot.Enrollment;
using MfaBot.Iam;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Enrollment;

/// <summary>
/// The bot dies while CreateVirtualMFADevice is under way: the record says Creating, there is no QR card, and IAM
/// may hold a new unassigned device. The person is not held up until the record expires, and the device goes.
/// </summary>
public class InterruptedCreationTests
{
    private static readonly Dictionary<string, string?> NoSweeper = new() { ["Enrollment:SweepInterval"] = "01:00:00" };

    [Fact]
    public async Task After_a_crash_during_creation_enroll_waits_while_a_turn_could_still_be_working_then_starts_afresh()
    {
        await using var h = await EnrollmentHarness.StartAsync(NoSweeper);
        var chat = h.Chat();
        var leftover = await CutOffWhileCreatingAsync(h);
        chat = h.Chat(); // the restarted bot listens on a new port

        // Young enough that another turn may still be creating it: nothing new is made.
        var skip = h.Connector.Calls.Count;
        await chat.SayAsync("enroll");
        Assert.Equal(StartEnrollment.CreatingReply, TestConnector.TextOf(await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip)));
        Assert.Contains("being created", await StatusTextAsync(chat, h), StringComparison.Ordinal);
        Assert.Single(await h.Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));

        h.Clock.Advance(h.Bot.Services.GetRequiredService<EnablingRecovery>().InterruptedAfter + TimeSpan.FromSeconds(1));
        Assert.Contains("was interrupted before its QR code was shown", await StatusTextAsync(chat, h), StringComparison.Ordinal);

        // Cut off for sure: a fresh setup with a new device, which works to the end.
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var fresh = await h.StoredEnrollmentAsync();
        Assert.NotEqual(leftover.EnrollmentId, fresh.Value.Id);
        Assert.NotEqual(leftover.Serial, fresh.Value.SerialNumber);
        var (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(chat, card.ResultId, c1, c2, EnrollmentHarness.IsSuccessCard);
        Assert.Equal(fresh.Value.SerialNumber, Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail)).SerialNumber);
        Assert.Single(h.AuditLines(), l => l.Contains("\"enrollment.creationInterrupted\"", StringComparison.Ordinal) && l.Contains(leftover.EnrollmentId, StringComparison.Ordinal));

        // The half-made device is unassigned and tagged as the bot's: the orphan pass removes it once old enough.
        await h.RestartAsync(new Dictionary<string, string?> { ["Enrollment:SweepInterval"] = "00:00:00.200" });
        h.Clock.Advance(TimeSpan.FromMinutes(12));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await LeftoverExistsAsync(h, leftover.Serial) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.False(await LeftoverExistsAsync(h, leftover.Serial));
    }

    [Fact]
    public async Task Cancel_ends_a_setup_whose_creation_was_cut_off()
    {
        await using var h = await EnrollmentHarness.StartAsync(NoSweeper);
        await CutOffWhileCreatingAsync(h);
        var chat = h.Chat();

        var skip = h.Connector.Calls.Count;
        await chat.SayAsync("cancel");
        Assert.StartsWith("Cancelled:", TestConnector.TextOf(await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip)), StringComparison.Ordinal);
        Assert.Empty(await h.EnrollmentKeysAsync());
        await h.StartEnrollmentAsync(chat);
    }

    /// <summary>
    /// What "enroll" leaves when the process dies inside CreateVirtualMFADevice after IAM made the device: a real
    /// start, its record wound back to Creating (no serial, no seed, no card), then a restart.
    /// </summary>
    private static async Task<(string EnrollmentId, string Serial)> CutOffWhileCreatingAsync(EnrollmentHarness h)
    {
        await h.StartEnrollmentAsync(h.Chat());
        var stored = await h.StoredEnrollmentAsync();
        for (var i = 0; i < 100 && stored.Value.CardMessageId is null; i++)
        {
            await Task.Delay(50); // the QR turn saves the card id just after sending the card
            stored = await h.StoredEnrollmentAsync();
        }
        var creating = stored.Value with { Phase = EnrollmentPhase.Creating, SerialNumber = null, ProtectedSeed = null, CardMessageId = null };
        await h.Store.PutAsync(EnrollmentState.KeyFor(creating.User), creating, stored.ETag, CancellationToken.None);
        await h.RestartAsync();
        return (creating.Id, stored.Value.SerialNumber!);
    }

    private static async Task<string> StatusTextAsync(TeamsChat chat, EnrollmentHarness h)
    {
        var skip = h.Connector.Calls.Count;
        await chat.SayAsync("status");
        var answer = await chat.NextAsync(c => TestConnector.CardOf(c) is not null || TestConnector.TextOf(c) is not null, skip);
        return TestConnector.CardOf(answer)?.ToJsonString() ?? TestConnector.TextOf(answer)!;
    }

    private static async Task<bool> LeftoverExistsAsync(EnrollmentHarness h, string serial) =>
        (await h.Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any)).Any(d => d.SerialNumber == serial);
}
