using System.Text.Json.Nodes;
using MfaBot.Conversation;
using MfaBot.Resets;
using MfaBot.Storage;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Resets;

/// <summary>The one write path of decisions, with the race forced: both deciders read the same version before either writes.</summary>
public sealed class ResetStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ResetRequest Request(bool secondApproval) => new()
    {
        Id = "0123456789abcdef01234567",
        User = new ChatUser("msteams", "29:alex", "t", "aad-alex", "Alex"),
        Conversation = new ConversationRef("botframework", "personal-29:alex", true, new Dictionary<string, string>()),
        IamUserName = "alex",
        Devices = [new ResetDevice("arn:aws:iam::123456789012:mfa/alex", DateTimeOffset.UnixEpoch)],
        Reason = "lost",
        CreatedAt = DateTimeOffset.UnixEpoch,
        RequiresSecondApproval = secondApproval,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_decisions_on_one_version_are_judged_one_after_the_other(bool secondApproval)
    {
        var store = new ResetStore(new FileStateStore(_folder.Path));
        Assert.True(await store.TryCreateAsync(Request(secondApproval), CancellationToken.None));
        using var bothRead = new Barrier(2);
        var calls = 0;
        ResetChange Decide(ResetRequest r, ResetAgent agent)
        {
            // The first two calls wait for each other, so both decide on the same version.
            if (Interlocked.Increment(ref calls) <= 2) Assert.True(bothRead.SignalAndWait(TimeSpan.FromSeconds(10)));
            return ApproveReset.Approval(r, agent, DateTimeOffset.UnixEpoch);
        }
        var megan = new ResetAgent("megan", "Megan", null);
        var lynne = new ResetAgent("lynne", "Lynne", null);

        var results = await Task.WhenAll(
            Task.Run(() => store.UpdateAsync("0123456789abcdef01234567", r => Decide(r, megan), CancellationToken.None)),
            Task.Run(() => store.UpdateAsync("0123456789abcdef01234567", r => Decide(r, lynne), CancellationToken.None)));

        Assert.Equal(3, calls);
        var final = (await store.GetAsync("0123456789abcdef01234567", CancellationToken.None))!.Value;
        Assert.Equal(ResetStatus.Removing, final.Status);
        if (secondApproval)
        {
            Assert.All(results, r => Assert.NotNull(r.Written));
            Assert.Equal(["lynne", "megan"], final.Approvals.Select(a => a.Key).Order());
        }
        else
        {
            Assert.Single(results, r => r.Written is not null);
            Assert.Single(results, r => r.Refusal?.Contains("already approved", StringComparison.Ordinal) == true);
            Assert.Single(final.Approvals);
        }
    }

    [Fact]
    public async Task Approvals_stored_before_people_were_recognised_load_and_count_by_account_and_email()
    {
        var state = new FileStateStore(_folder.Path);
        var store = new ResetStore(state);
        var request = Request(secondApproval: true);
        var megan = new ResetAgent("msteams/t/29:megan", "Megan", "meganb@example.com", "meganb@example.com", "aad-megan");
        Assert.True(await store.TryCreateAsync(request with { Approvals = [megan], Status = ResetStatus.Taken }, CancellationToken.None));
        // Rewrite the approval as the previous version stored it: no IAM user, no directory id.
        var key = ResetRequest.KeyFor(request.Id);
        var stored = (await state.GetAsync<JsonNode>(key, CancellationToken.None))!;
        var approval = stored.Value["approvals"]![0]!.AsObject();
        Assert.True(approval.Remove("iamUser") && approval.Remove("directoryId"));
        await state.PutAsync(key, stored.Value, stored.ETag, CancellationToken.None);

        var legacy = Assert.Single((await store.GetAsync(request.Id, CancellationToken.None))!.Value.Approvals);
        Assert.Equal((megan.Key, megan.Email, null, null), (legacy.Key, legacy.Email, legacy.IamUser, legacy.DirectoryId));

        // Megan from a second account with the same email is still Megan; an account with neither in common is someone else.
        var (_, _, refusal) = await store.UpdateAsync(request.Id, r => ApproveReset.Approval(r, megan with { Key = "slack/T1/U0MEGAN", DirectoryId = null }, DateTimeOffset.UnixEpoch), CancellationToken.None);
        Assert.Contains("already approved", refusal, StringComparison.Ordinal);
        var (written, _, _) = await store.UpdateAsync(request.Id, r => ApproveReset.Approval(r, new ResetAgent("msteams/t/29:lynne", "Lynne", "lynner@example.com", "lynner@example.com", "aad-lynne"), DateTimeOffset.UnixEpoch), CancellationToken.None);
        Assert.Equal(ResetStatus.Removing, written!.Value.Status);
    }

    [Fact]
    public async Task A_person_has_one_open_request_until_it_closes()
    {
        var store = new ResetStore(new FileStateStore(_folder.Path));
        var first = Request(false);
        Assert.True(await store.TryCreateAsync(first, CancellationToken.None));
        Assert.False(await store.TryCreateAsync(first with { Id = "1123456789abcdef01234567" }, CancellationToken.None));
        Assert.Equal(first.Id, (await store.OpenForAsync(first.User, CancellationToken.None))!.Value.Id);

        await store.UpdateAsync(first.Id, r => ResetChange.To(r with { Status = ResetStatus.Denied }), CancellationToken.None);

        Assert.Null(await store.OpenForAsync(first.User, CancellationToken.None));
        Assert.True(await store.TryCreateAsync(first with { Id = "1123456789abcdef01234567" }, CancellationToken.None));
    }
}
