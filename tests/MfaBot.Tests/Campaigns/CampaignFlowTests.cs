using System.Text.Json.Nodes;
using MfaBot.Iam;
using MfaBot.Tests.Charts;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static MfaBot.Tests.Campaigns.CampaignDriver;

namespace MfaBot.Tests.Campaigns;

public class CampaignFlowTests
{
    private const string FourPeople = "invite alexw@example.com, lynner@example.com nobody@example.com; ghost@example.com";

    private static async Task<(TeamsChat Megan, TestConnector.Call Preview)> ConfirmedAsync(EnrollmentHarness h, string text = FourPeople)
    {
        var megan = Megan(h);
        var preview = await PreviewAsync(h, megan, text);
        await megan.SubmitAsync(preview.ResultId, new JsonObject { ["step"] = "campaign.confirm" });
        return (megan, preview);
    }

    private static async Task<TestConnector.Call> InviteForAsync(EnrollmentHarness h, string userId, string title, int count = 1)
    {
        await WaitUntilAsync(() => Invitations(h.Connector).Count(i => i.User == userId && i.Title == title) >= count, TimeSpan.FromSeconds(20),
            () => string.Join("\n", h.Connector.Calls.Select(TestConnector.Describe)));
        return Invitations(h.Connector).Last(i => i.User == userId && i.Title == title).Call;
    }

    private static Task<TestConnector.Call> ProgressAsync(EnrollmentHarness h, TestConnector.Call preview, Func<Dictionary<string, string>, bool> until) =>
        h.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == preview.ResultId && HasTitle(c, "MFA campaign") && until(Facts(c)), 0, TimeSpan.FromSeconds(20));

    [Fact]
    public async Task Someone_who_is_not_a_manager_is_refused_politely_and_nobody_is_messaged()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings());
        var alex = h.Chat();

        await alex.SayAsync("invite team");

        var reply = await alex.NextAsync(c => TestConnector.TextOf(c) is not null, 0);
        Assert.StartsWith("Sorry, only people set up as MFA campaign managers", TestConnector.TextOf(reply), StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.DoesNotContain(h.Connector.Calls, c => c.Method == "CREATE");
    }

    [Fact]
    public async Task The_preview_counts_everyone_and_only_confirming_sends_one_invite_then_the_card_shows_progress()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings());
        var megan = Megan(h);

        var preview = await PreviewAsync(h, megan, FourPeople);

        var facts = Facts(preview);
        Assert.Equal("1", facts["Will be invited"]);
        Assert.Equal("2", facts["Unknown (no AWS user)"]);
        Assert.Equal("1", facts["Not reachable in chat"]);
        Assert.Equal(["campaign.confirm", "campaign.cancel"], Actions(preview));
        Assert.Contains("No AWS user linked to: No Body (nobody@example.com), ghost@example.com.", AllText(preview), StringComparison.Ordinal);
        Assert.Contains("No chat account found for: lynner@example.com. I find people among the members of the conversation you invite from", AllText(preview), StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Empty(Invitations(h.Connector));

        await megan.SubmitAsync(preview.ResultId, new JsonObject { ["step"] = "campaign.confirm" });

        var invite = await InviteForAsync(h, EnrollmentHarness.AlexId, "Please set up MFA for AWS");
        Assert.Equal(["enroll.start", "campaign.snooze"], Actions(invite));
        var progress = await ProgressAsync(h, preview, f => f.GetValueOrDefault("Invited, not enrolled yet") == "1");
        Assert.Contains("100% (1/1)", AllText(progress), StringComparison.Ordinal);
        Assert.Contains("0% (0/4)", AllText(progress), StringComparison.Ordinal);
        Assert.Equal("3", Facts(progress)["Not invited (see status)"]);
        await Task.Delay(500);
        Assert.Single(Invitations(h.Connector));

        // A second click on Confirm does not start anything again.
        var skip = h.Connector.Calls.Count;
        await megan.SubmitAsync(preview.ResultId, new JsonObject { ["step"] = "campaign.confirm" });
        var reply = await megan.NextAsync(c => TestConnector.TextOf(c) is not null, skip);
        Assert.Contains("no longer open", TestConnector.TextOf(reply), StringComparison.Ordinal);
        Assert.Single(Invitations(h.Connector));
    }

    [Fact]
    public async Task Cancel_on_the_preview_messages_nobody()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings());
        var megan = Megan(h);
        var preview = await PreviewAsync(h, megan, "invite alexw@example.com");

        await megan.SubmitAsync(preview.ResultId, new JsonObject { ["step"] = "campaign.cancel" });

        await h.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == preview.ResultId && HasTitle(c, "Invitations cancelled"));
        await Task.Delay(700);
        Assert.Empty(Invitations(h.Connector));
    }

    [Fact]
    public async Task Reminders_follow_the_schedule_snooze_moves_them_at_most_three_times_and_the_manager_hears_at_the_deadline()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings());
        await ConfirmedAsync(h);
        var invite = await InviteForAsync(h, EnrollmentHarness.AlexId, "Please set up MFA for AWS");
        var alex = h.Chat(conversationId: invite.ConversationId);
        const string Reminder = "Reminder: set up MFA for AWS";

        h.Clock.Advance(TimeSpan.FromHours(23));
        await Task.Delay(600);
        Assert.DoesNotContain(Invitations(h.Connector), i => i.Title == Reminder);
        h.Clock.Advance(TimeSpan.FromHours(1.1));
        var first = await InviteForAsync(h, EnrollmentHarness.AlexId, Reminder);

        for (var snooze = 1; snooze <= 3; snooze++)
        {
            var skip = h.Connector.Calls.Count;
            await alex.SubmitAsync(first.ResultId, new JsonObject { ["step"] = "campaign.snooze" });
            var ok = await alex.NextAsync(c => TestConnector.TextOf(c) is not null, skip);
            // Alex's client reports no time zone: the reply says how far away the reminder is, never in UTC.
            Assert.StartsWith("OK, I'll remind you again in 24 hours.", TestConnector.TextOf(ok), StringComparison.Ordinal);
            h.Clock.Advance(TimeSpan.FromHours(20));
            await Task.Delay(400);
            Assert.Equal(snooze, Invitations(h.Connector).Count(i => i.Title == Reminder));
            h.Clock.Advance(TimeSpan.FromHours(4.1));
            first = await InviteForAsync(h, EnrollmentHarness.AlexId, Reminder, snooze + 1);
        }

        Assert.DoesNotContain("campaign.snooze", Actions(first));
        var before = h.Connector.Calls.Count;
        await alex.SubmitAsync(first.ResultId, new JsonObject { ["step"] = "campaign.snooze" });
        var refused = await alex.NextAsync(c => TestConnector.TextOf(c) is not null, before);
        Assert.StartsWith("You can't postpone this any more", TestConnector.TextOf(refused), StringComparison.Ordinal);

        h.Clock.Advance(TimeSpan.FromDays(7));
        // One message at the deadline: the report and who is missing, in one card.
        var missing = await h.Connector.WaitForAsync(c => HasTitle(c, "Still missing MFA at the deadline"), before);
        Assert.Equal("personal-" + MeganId, missing.ConversationId);
        Assert.Contains("4 of 4 people have not set up MFA yet", AllText(missing), StringComparison.Ordinal);
        Assert.Contains("Alex Wilber (alexw@example.com): invited, reminded", AllText(missing), StringComparison.Ordinal);
        Assert.Equal("1", Facts(missing)["Overdue"]);
        await Task.Delay(300);
        Assert.Single(h.Connector.Calls.Skip(before), c => c.Method == "POST" && c.ConversationId == missing.ConversationId);
        Assert.Equal(1, Invitations(h.Connector).Count(i => i.Title == "Please set up MFA for AWS"));
    }

    [Fact]
    public async Task Invitees_who_enroll_through_the_invite_or_on_their_own_are_marked_enrolled()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings(("Campaigns:RecheckInterval", "00:00:01")));
        var (_, preview) = await ConfirmedAsync(h);
        var invite = await InviteForAsync(h, EnrollmentHarness.AlexId, "Please set up MFA for AWS");
        var alex = h.Chat(conversationId: invite.ConversationId);

        var (card, key) = await h.StartEnrollmentAsync(alex);
        var (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(alex, card.ResultId, c1, c2, c => c.Method == "PUT" && c.ActivityId == card.ResultId);
        var progress = await ProgressAsync(h, preview, f => f.GetValueOrDefault("Enrolled") == "1");
        Assert.Contains("25% (1/4)", AllText(progress), StringComparison.Ordinal);
        // The card's chart: the invitees' trend since the campaign began, its numbers in the alt text.
        var (chart, alt) = CardCharts.ImageOf(TestConnector.CardOf(progress)!);
        Assert.Equal("Campaign over 1 day: 1 of 4 people have MFA today (the first day). Target: everyone (4).", alt);
        var png = await CardCharts.FetchAsync(h.Bot, chart);
        PngFile.AssertChart(png);
        PngFile.AssertBothSeries(png);

        // Lynne is not reachable in chat, but sets MFA up with the AWS console: the IAM re-check notices.
        var iam = h.Bot.Services.GetRequiredService<IIamGateway>();
        var device = await iam.CreateVirtualMfaDeviceAsync("lynne-console");
        using (device.Seed)
        {
            var (code1, code2) = h.CodesNow(device.Seed.RevealKey());
            await iam.EnableMfaDeviceAsync("lynner@example.com", device.SerialNumber, code1, code2);
        }
        await ProgressAsync(h, preview, f => f.GetValueOrDefault("Enrolled") == "2");
    }

    [Fact]
    public async Task Status_lists_who_is_pending_and_export_gives_a_csv_inline_or_behind_a_short_lived_link()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings());
        var (megan, _) = await ConfirmedAsync(h);
        await InviteForAsync(h, EnrollmentHarness.AlexId, "Please set up MFA for AWS");

        var skip = h.Connector.Calls.Count;
        await megan.SayAsync("campaign status");
        var status = await megan.NextAsync(c => HasTitle(c, "Campaign status"), skip);
        Assert.Contains("Alex Wilber (alexw@example.com): invited", AllText(status), StringComparison.Ordinal);
        Assert.Equal("2", Facts(status)["No AWS user linked"]);
        Assert.Equal("1", Facts(status)["No chat account found for their email"]);

        skip = h.Connector.Calls.Count;
        await megan.SayAsync("campaign export");
        var inline = TestConnector.TextOf(await megan.NextAsync(c => TestConnector.TextOf(c) is not null, skip))!;
        var rows = inline.Split("```")[1].Trim().Split('\n').Select(r => r.TrimEnd('\r')).ToArray();
        Assert.Equal("email,name,state,reason,overdue,deadline,invited_at,reminders,snoozes,enrolled_at", rows[0]);
        Assert.Equal(5, rows.Length);
        Assert.Contains(rows, r => r.StartsWith("alexw@example.com,Alex Wilber,invited,,no,", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("ghost@example.com,,failed,no AWS user linked,no,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_public_address_the_export_is_a_link_that_serves_the_csv_until_it_expires()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings(("PublicBaseUrl", "https://bot.example.com"), ("Coordination:JanitorInterval", "00:00:00.200")));
        var (megan, _) = await ConfirmedAsync(h);
        await InviteForAsync(h, EnrollmentHarness.AlexId, "Please set up MFA for AWS");

        var skip = h.Connector.Calls.Count;
        await megan.SayAsync("campaign export");
        var text = TestConnector.TextOf(await megan.NextAsync(c => TestConnector.TextOf(c) is not null, skip))!;
        var path = System.Text.RegularExpressions.Regex.Match(text, @"https://bot\.example\.com(/campaign-exports/[A-Za-z0-9_-]{43}\.csv)").Groups[1].Value;
        Assert.NotEmpty(path);

        using var http = new HttpClient();
        var csv = await http.GetStringAsync(h.Bot.BaseUrl + path);
        Assert.Equal(5, csv.Trim().Split('\n').Length);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(h.Bot.BaseUrl + path.Replace(".csv", "x.csv", StringComparison.Ordinal))).StatusCode);
        // The link is stored by a hash of its token only, and the record goes when it expires, fetched again or not.
        await SecretScan.AssertAbsentAsync([Path.GetFileNameWithoutExtension(path)], [], h.DataFolder);
        Assert.Single(await ExportKeysAsync(h));
        h.Clock.Advance(TimeSpan.FromMinutes(16));
        for (var i = 0; i < 100 && (await ExportKeysAsync(h)).Count > 0; i++) await Task.Delay(100);
        Assert.Empty(await ExportKeysAsync(h));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(h.Bot.BaseUrl + path)).StatusCode);
    }

    [Fact]
    public async Task A_csv_attachment_invites_its_rows_and_a_bad_csv_changes_nothing()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings());
        h.Connector.Files["team.csv"] = "Email,Deadline\nalexw@example.com,2099-01-31\nnobody@example.com,\n"u8.ToArray();
        h.Connector.Files["bad.csv"] = "name\nAlex\n"u8.ToArray();
        var megan = Megan(h);
        JsonObject Attach(JsonObject a, string name)
        {
            a["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "text/csv", ["name"] = name, ["contentUrl"] = h.Connector.FileUrl(name) });
            return a;
        }

        var skip = h.Connector.Calls.Count;
        await megan.PostAsync(megan.Activity("message", a => Attach(a, "bad.csv")["text"] = "invite"));
        var problem = await megan.NextAsync(c => TestConnector.TextOf(c) is not null, skip);
        Assert.Contains("header row with an **email** column", TestConnector.TextOf(problem), StringComparison.Ordinal);

        var preview = await PreviewAsync(h, megan, "invite", a => Attach(a, "team.csv"));
        Assert.Equal("1", Facts(preview)["Will be invited"]);
        Assert.Equal("1", Facts(preview)["Unknown (no AWS user)"]);
        Assert.Contains("deadline {{DATE(2099-01-31T23:59:59Z,SHORT)}}", AllText(preview), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_names_who_has_mfa_and_who_not_yet_a_page_at_a_time_and_only_for_the_manager_who_owns_the_campaign()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings(("Campaigns:StatusPageSize", "2")));
        var (megan, _) = await ConfirmedAsync(h);
        await InviteForAsync(h, EnrollmentHarness.AlexId, "Please set up MFA for AWS");

        var skip = h.Connector.Calls.Count;
        await megan.SayAsync("campaign status");
        var status = await megan.NextAsync(c => HasTitle(c, "Campaign status"), skip);
        var first = AllText(status);
        Assert.Contains("Not enrolled yet: 4", first, StringComparison.Ordinal);
        Assert.Contains("- Alex Wilber (alexw@example.com): invited", first, StringComparison.Ordinal);
        Assert.Contains("- lynner@example.com: not invited, no chat account found for their email", first, StringComparison.Ordinal);
        Assert.DoesNotContain("ghost@example.com", first, StringComparison.Ordinal);
        Assert.Contains("Enrolled: 0", first, StringComparison.Ordinal);
        Assert.Equal(["campaign.status", "campaign.export"], Actions(status));

        // "More not enrolled" turns the same card into the next page: no new message in the chat.
        var more = (JsonObject)TestConnector.CardOf(status)!["actions"]![0]!["data"]!.DeepClone();
        skip = h.Connector.Calls.Count;
        await megan.SubmitAsync(status.ResultId, more);
        var next = await h.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == status.ResultId, skip);
        Assert.Equal("Campaign status: not enrolled yet", TitleOf(TestConnector.CardOf(next)));
        Assert.Contains("- No Body (nobody@example.com): not invited, no AWS user linked", AllText(next), StringComparison.Ordinal);
        Assert.Contains("- ghost@example.com: not invited, no AWS user linked", AllText(next), StringComparison.Ordinal);
        Assert.DoesNotContain("Alex Wilber", AllText(next), StringComparison.Ordinal);
        Assert.Equal(["campaign.export"], Actions(next));
        await Task.Delay(300);
        Assert.DoesNotContain(h.Connector.Calls.Skip(skip), c => c.Method == "POST");

        // The export button exports the campaign the card shows.
        skip = h.Connector.Calls.Count;
        await megan.SubmitAsync(next.ResultId, (JsonObject)TestConnector.CardOf(next)!["actions"]![0]!["data"]!.DeepClone());
        var csv = TestConnector.TextOf(await megan.NextAsync(c => TestConnector.TextOf(c) is not null, skip))!;
        Assert.Contains("ghost@example.com,,failed,no AWS user linked,no,", csv, StringComparison.Ordinal);

        // The campaign id on the card is not a key to anyone's campaign: Alex is not a manager, and a made-up id finds nothing.
        var alex = h.Chat();
        skip = h.Connector.Calls.Count;
        await alex.SubmitAsync(status.ResultId, (JsonObject)more.DeepClone());
        Assert.StartsWith("Sorry, only people set up as MFA campaign managers", TestConnector.TextOf(await alex.NextAsync(c => c.Method == "POST", skip)), StringComparison.Ordinal);
        var forged = (JsonObject)more.DeepClone();
        forged["campaign"] = "0123456789abcdef";
        skip = h.Connector.Calls.Count;
        await megan.SubmitAsync(status.ResultId, forged);
        Assert.StartsWith("That campaign is no longer there", TestConnector.TextOf(await megan.NextAsync(c => c.Method == "POST", skip)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_on_her_own_list_gets_no_invitation_from_herself_and_her_own_enrollment_brings_no_campaign_message()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings());
        var megan = Megan(h);
        var preview = await PreviewAsync(h, megan, "invite meganb@example.com alexw@example.com");
        Assert.Equal("1", Facts(preview)["Will be invited"]);
        Assert.Contains("You are on the list yourself", AllText(preview), StringComparison.Ordinal);
        await megan.SubmitAsync(preview.ResultId, new JsonObject { ["step"] = "campaign.confirm" });
        await InviteForAsync(h, EnrollmentHarness.AlexId, "Please set up MFA for AWS");
        await ProgressAsync(h, preview, f => f.GetValueOrDefault("Invited, not enrolled yet") == "2");

        var (card, key) = await h.StartEnrollmentAsync(megan);
        var (c1, c2) = h.CodesNow(key);
        var skip = h.Connector.Calls.Count;
        await h.SubmitCodesAsync(megan, card.ResultId, c1, c2, c => c.Method == "PUT" && c.ActivityId == card.ResultId);
        await ProgressAsync(h, preview, f => f.GetValueOrDefault("Enrolled") == "1");
        await Task.Delay(500);

        // Her enrollment's own success card is the one new message; the campaign only updates its card.
        var posted = h.Connector.Calls.Skip(skip).Where(c => c.Method == "POST" && c.ConversationId == megan.ConversationId).ToList();
        Assert.True(EnrollmentHarness.IsSuccessCard(Assert.Single(posted)));
        Assert.DoesNotContain(h.Connector.Calls, c => c.Method == "CREATE" && c.Body!["members"]![0]!["id"]!.GetValue<string>() == MeganId);
        Assert.DoesNotContain(Invitations(h.Connector), i => i.User == MeganId);
    }

    [Fact]
    public async Task Pasted_addresses_that_cannot_be_invited_are_named_with_the_reason()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings(("Campaigns:OnlyOwnReports", "true")));
        var megan = Megan(h);

        var preview = await PreviewAsync(h, megan, "invite alexw@example.com lynner@example.com ghost@example.com");

        var notes = AllText(preview);
        Assert.Equal("1", Facts(preview)["Will be invited"]);
        Assert.Contains("Not your reports, left out (you may invite only people who report to you): lynner@example.com, ghost@example.com.", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("alexw@example.com", notes, StringComparison.Ordinal);

        // Past the lookups one invite may make, an address is said to be not looked up, not to have no account.
        var ghosts = string.Join(' ', Enumerable.Range(1, 10).Select(n => $"ghost{n}@example.com"));
        await using var open = await EnrollmentHarness.StartAsync(Settings());
        var many = await PreviewAsync(open, Megan(open), $"invite {ghosts} lynner@example.com");
        Assert.Contains("Not looked up (I look up at most 10 addresses per invite that are not members of this conversation): lynner@example.com.", AllText(many), StringComparison.Ordinal);
        Assert.DoesNotContain("No chat account found", AllText(many), StringComparison.Ordinal);
    }

    private static async Task<List<string>> ExportKeysAsync(EnrollmentHarness h) =>
        await h.Store.ListKeysAsync(MfaBot.Campaigns.Reports.CampaignExport.Prefix, CancellationToken.None).ToListAsync();
}
