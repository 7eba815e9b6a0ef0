using System.Net;
using System.Text.Json.Nodes;
using MfaBot.Audit;
using MfaBot.Coverage;
using MfaBot.Coverage.Chat;
using MfaBot.Iam;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static MfaBot.Tests.Coverage.CoverageCardReading;

namespace MfaBot.Tests.Coverage;

/// <summary>
/// "coverage" through the Teams channel against the demo account (alexw, meganb, lynner, admin under /privileged/, and the
/// service user mfabot under /service/): who may ask, the risk order and reasons, the CSV, team views, the wait for a report.
/// </summary>
public sealed class CoverageChatTests
{
    public const string Megan = "29:megan";
    public const string Lynne = "29:lynne";

    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["PublicBaseUrl"] = "https://bot.example.com",
            ["Audit:Admins:0:Email"] = EnrollmentHarness.AlexEmail,
            ["Campaigns:Managers:0:Email"] = "meganb@example.com",
            ["Campaigns:Managers:1:Email"] = "lynner@example.com",
            // The demo's helpdesk is Megan and Lynne; here they are managers only, so OnlyOwnReports applies to them.
            ["Resets:HelpdeskMembers:0:Email"] = "helpdesk1@example.com",
            ["Resets:HelpdeskMembers:1:Email"] = "helpdesk2@example.com",
            ["Resets:PrivilegedPaths:0"] = "/privileged/",
            ["IamSimulator:CredentialReportMaxAge"] = "00:00:00",
            ["Iam:CredentialReportPollInterval"] = "00:00:00.020",
            // An active access key makes Lynne the riskiest of the people without MFA.
            ["IamSimulator:AccessKeys:1:AccessKeyId"] = "AKIALYNNEREXAMPLE001",
            ["IamSimulator:AccessKeys:1:SecretAccessKey"] = "lynne-test-secret-not-for-aws-0000000000",
            ["IamSimulator:AccessKeys:1:UserName"] = "lynner@example.com",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    public static async Task<EnrollmentHarness> StartAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var h = await EnrollmentHarness.StartAsync(settings ?? Settings(), services: services);
        h.Connector.Members[Lynne] = ("lynner@example.com", "Lynne Robbins");
        return h;
    }

    /// <summary>Says <paramref name="text"/> and returns the one message that answers it.</summary>
    public static async Task<TestConnector.Call> AskAsync(EnrollmentHarness h, TeamsChat chat, string text)
    {
        var skip = h.Connector.Calls.Count;
        await chat.SayAsync(text);
        return await chat.NextAsync(c => c.Method is "POST" or "REPLY", skip);
    }

    [Fact]
    public async Task An_admin_gets_everyone_without_mfa_riskiest_first_with_reasons_and_a_csv_of_all_of_them()
    {
        await using var h = await StartAsync();

        var card = TestConnector.CardOf(await AskAsync(h, h.Chat(), "coverage"))!;

        Assert.Equal("MFA coverage", Title(card));
        Assert.Contains("0 of 4 human AWS users have MFA (0%).", Texts(card));
        Assert.Equal("1", Facts(card)["Service users left out"]);
        var rows = Rows(card);
        Assert.Equal(("lynner@example.com", "no MFA: active access key"), rows[0]);
        Assert.Equal(("admin@example.com", "no MFA: privileged path /privileged/"), rows[1]);
        Assert.Equal(["alexw@example.com", "meganb@example.com"], rows.Skip(2).Select(r => r.Name).Order());
        Assert.DoesNotContain(rows, r => r.Name == "mfabot");
        // Alex is an admin, not a campaign manager: nothing to invite from.
        Assert.Null(Action(card, "Action.Submit"));

        var url = Action(card, "Action.OpenUrl")!["url"]!.ToString();
        Assert.StartsWith("https://bot.example.com/coverage-exports/", url, StringComparison.Ordinal);
        using var http = new HttpClient();
        var csv = (await http.GetStringAsync(h.Bot.BaseUrl + new Uri(url).AbsolutePath)).Split("\r\n");
        Assert.Equal("user_name,path,reason,console_password,active_access_key,privileged,last_used,created,manager", csv[0]);
        Assert.StartsWith("lynner@example.com,/,no MFA: active access key,no,yes,no,", csv[1], StringComparison.Ordinal);
        Assert.Equal(6, csv.Length);
        Assert.Contains(AuditRows.Read(h.Bot.Services), r => r.Event is { Action: "coverage.viewed", Outcome: AuditOutcome.Success });

        h.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(h.Bot.BaseUrl + new Uri(url).AbsolutePath)).StatusCode);
    }

    [Fact]
    public async Task Someone_without_a_role_gets_one_refusal_and_nothing_is_read()
    {
        var opened = 0;
        await using var h = await StartAsync(services: s => s.AddSingleton<ICredentialReportReader>(sp =>
            new CountingReader(ActivatorUtilities.CreateInstance<IamCredentialReportReader>(sp), () => Interlocked.Increment(ref opened))));
        var chat = h.Chat("29:nobody", "No Body");

        var skip = h.Connector.Calls.Count;
        var reply = await AskAsync(h, chat, "coverage by team");

        Assert.Equal(CoverageAccess.Refusal, TestConnector.TextOf(reply));
        await Task.Delay(300);
        Assert.Single(h.Connector.Calls.Skip(skip), c => c.ConversationId == chat.ConversationId);
        Assert.Equal(0, opened);
        Assert.Contains(AuditRows.Read(h.Bot.Services), r => r.Event is { Action: "coverage.viewed", Outcome: AuditOutcome.Denied });
    }

    [Theory]
    [InlineData("coverage everyone")]
    [InlineData("coverage team nobody")]
    [InlineData("coverage by")]
    public async Task Bad_arguments_get_the_usage(string text)
    {
        await using var h = await StartAsync();

        Assert.Equal(CoverageScope.Usage, TestConnector.TextOf(await AskAsync(h, h.Chat(), text)));
    }

    [Fact]
    public async Task In_a_channel_coverage_is_not_shown()
    {
        await using var h = await StartAsync();

        var reply = await AskAsync(h, h.Chat(conversationType: "channel", conversationId: "19:general@thread.tacv2"), "coverage");

        Assert.StartsWith("Ask me for **coverage** in a private chat", TestConnector.TextOf(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_report_is_being_generated_the_person_is_told_once_and_the_card_follows_when_it_is_ready()
    {
        var gate = new TaskCompletionSource();
        await using var h = await StartGatedAsync(gate.Task);
        var chat = h.Chat();
        var skip = h.Connector.Calls.Count;

        var started = DateTime.UtcNow;
        var first = await AskAsync(h, chat, "coverage");

        Assert.Equal(CoverageCommand.Generating, TestConnector.TextOf(first));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), "the person waited more than 3 s for an answer");
        gate.SetResult();
        var card = await chat.NextAsync(IsCoverageCard, skip);
        Assert.Equal("MFA coverage", Title(TestConnector.CardOf(card)!));
        Assert.Equal(2, h.Connector.Calls.Skip(skip).Count(c => c.ConversationId == chat.ConversationId));
    }

    [Fact]
    public async Task A_report_that_never_completes_ends_in_one_clear_message()
    {
        var gate = new TaskCompletionSource();
        await using var h = await StartGatedAsync(gate.Task);
        var chat = h.Chat();
        var skip = h.Connector.Calls.Count;

        Assert.Equal(CoverageCommand.Generating, TestConnector.TextOf(await AskAsync(h, chat, "coverage")));
        gate.SetException(new IamException("GenerateCredentialReport", IamErrorCodes.RequestTimeout, "not complete", null, null));

        var last = await chat.NextAsync(c => TestConnector.TextOf(c)?.StartsWith("I couldn't read IAM's credential report", StringComparison.Ordinal) == true, skip);
        Assert.Contains("within 5 minutes (Iam:CredentialReportTimeout)", TestConnector.TextOf(last), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Connector.Calls.Skip(skip), IsCoverageCard);
    }

    private static Task<EnrollmentHarness> StartGatedAsync(Task gate) =>
        StartAsync(services: s => s.AddSingleton<ICredentialReportReader>(sp => new GatedReader(ActivatorUtilities.CreateInstance<IamCredentialReportReader>(sp), gate)));

    /// <summary>Opens the real report only once the test lets it (or fails as the test says).</summary>
    private sealed class GatedReader(ICredentialReportReader inner, Task gate) : ICredentialReportReader
    {
        public async Task<CredentialInventory> OpenAsync(CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(cancellationToken);
            return await inner.OpenAsync(cancellationToken);
        }
    }

    private sealed class CountingReader(ICredentialReportReader inner, Action opened) : ICredentialReportReader
    {
        public Task<CredentialInventory> OpenAsync(CancellationToken cancellationToken = default)
        {
            opened();
            return inner.OpenAsync(cancellationToken);
        }
    }
}
