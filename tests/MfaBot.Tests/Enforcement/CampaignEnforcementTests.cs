using System.Text.Json.Nodes;
using MfaBot.Iam;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static MfaBot.Tests.Campaigns.CampaignDriver;

namespace MfaBot.Tests.Enforcement;

/// <summary>"invite … enforce": invitees are told beforehand, and at the deadline everyone invited is put in the group and told.</summary>
public sealed class CampaignEnforcementTests
{
    // Alex is reachable in chat; Lynne has an AWS user but is not in chat, so she is never invited (nor told, nor enforced).
    private const string TwoPeople = "invite alexw@example.com, lynner@example.com";
    private const string Lynne = "lynner@example.com";

    private static Dictionary<string, string?> WithGroup() => Settings(("Enforcement:GroupName", "MfaRequired"));

    [Fact]
    public async Task A_campaign_that_enforces_announces_it_then_adds_and_tells_everyone_invited_at_the_deadline()
    {
        await using var h = await EnrollmentHarness.StartAsync(WithGroup());
        var iam = h.Bot.Services.GetRequiredService<IIamGateway>();
        var megan = Megan(h);
        var preview = await PreviewAsync(h, megan, TwoPeople + " enforce");
        Assert.Contains("MFA becomes required at the deadline", AllText(preview), StringComparison.Ordinal);
        Assert.Contains("MfaRequired", AllText(preview), StringComparison.Ordinal);
        await megan.SubmitAsync(preview.ResultId, new JsonObject { ["step"] = "campaign.confirm" });

        var invite = await InviteAsync(h);
        Assert.Contains("MFA is required: AWS will refuse everything you do without it", AllText(invite), StringComparison.Ordinal);
        Assert.Contains("MFA becomes required at the deadline", await StatusOnceInvitedAsync(h, megan), StringComparison.Ordinal);
        Assert.Empty(await iam.ListGroupsForUserAsync(EnrollmentHarness.AlexEmail));

        var before = h.Connector.Calls.Count;
        h.Clock.Advance(TimeSpan.FromDays(11));
        var report = await h.Connector.WaitForAsync(c => c.ConversationId == megan.ConversationId
            && HasTitle(c, "Still missing MFA at the deadline"), before, TimeSpan.FromSeconds(20));
        Assert.Contains("As announced, MFA is now required for 1 person invited", AllText(report), StringComparison.Ordinal);
        var told = await h.Connector.WaitForAsync(c => c.ConversationId == invite.ConversationId
            && TestConnector.TextOf(c)?.Contains("MFA is now required for your AWS user", StringComparison.Ordinal) == true, before);
        Assert.Contains("Type **enroll**", TestConnector.TextOf(told), StringComparison.Ordinal);

        Assert.Equal(["MfaRequired"], (await iam.ListGroupsForUserAsync(EnrollmentHarness.AlexEmail)).Select(g => g.GroupName));
        Assert.Empty(await iam.ListGroupsForUserAsync(Lynne));
        var status = AllText(await StatusAsync(h, megan));
        Assert.Contains("MFA required (enforced at the deadline): 1", status, StringComparison.Ordinal);
        Assert.Contains("Alex Wilber (alexw@example.com)", status, StringComparison.Ordinal);
        Assert.DoesNotContain("MFA becomes required at the deadline", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_campaign_without_enforce_leaves_the_group_alone_even_when_enforcement_is_configured()
    {
        await using var h = await EnrollmentHarness.StartAsync(WithGroup());
        var megan = Megan(h);
        var preview = await PreviewAsync(h, megan, TwoPeople);
        Assert.DoesNotContain("required", AllText(preview), StringComparison.Ordinal);
        await megan.SubmitAsync(preview.ResultId, new JsonObject { ["step"] = "campaign.confirm" });
        Assert.DoesNotContain("required", AllText(await InviteAsync(h)), StringComparison.Ordinal);

        var before = h.Connector.Calls.Count;
        h.Clock.Advance(TimeSpan.FromDays(11));
        await h.Connector.WaitForAsync(c => HasTitle(c, "Still missing MFA at the deadline"), before, TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(h.Connector.Calls.Skip(before), c => TestConnector.TextOf(c)?.Contains("now required", StringComparison.Ordinal) == true);
        Assert.Empty(await h.Bot.Services.GetRequiredService<IIamGateway>().ListGroupsForUserAsync(EnrollmentHarness.AlexEmail));
    }

    [Fact]
    public async Task Enforce_is_refused_when_no_enforcement_group_is_configured_and_nothing_is_built()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings());
        var megan = Megan(h);
        var skip = h.Connector.Calls.Count;
        await megan.SayAsync(TwoPeople + " enforce");
        var answer = await megan.NextAsync(c => TestConnector.TextOf(c) is not null, skip);
        Assert.Contains("MFA enforcement is not set up", TestConnector.TextOf(answer), StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.DoesNotContain(h.Connector.Calls, c => HasTitle(c, "Invite preview"));
    }

    private static async Task<TestConnector.Call> InviteAsync(EnrollmentHarness h)
    {
        await WaitUntilAsync(() => Invitations(h.Connector).Any(i => i.User == EnrollmentHarness.AlexId), TimeSpan.FromSeconds(20));
        return Invitations(h.Connector).First(i => i.User == EnrollmentHarness.AlexId).Call;
    }

    /// <summary>The invite reaches the chat a moment before its delivery is recorded, and status reads the record.</summary>
    private static async Task<string> StatusOnceInvitedAsync(EnrollmentHarness h, TeamsChat megan)
    {
        for (var attempt = 1; ; attempt++)
        {
            var text = AllText(await StatusAsync(h, megan));
            if (text.Contains("MFA becomes required at the deadline", StringComparison.Ordinal) || attempt == 20) return text;
            await Task.Delay(100);
        }
    }

    private static async Task<TestConnector.Call> StatusAsync(EnrollmentHarness h, TeamsChat megan)
    {
        var skip = h.Connector.Calls.Count;
        await megan.SayAsync("campaign status");
        return await h.Connector.WaitForAsync(c => HasTitle(c, "Campaign status"), skip);
    }
}
