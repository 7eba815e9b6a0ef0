using System.Net;
using System.Text.RegularExpressions;
using MfaBot.Audit;
using MfaBot.Audit.Export;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Audit;

/// <summary>"audit export" through the Teams channel: who may ask, the link, the CSV, the link's end.</summary>
public sealed partial class AuditExportTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["PublicBaseUrl"] = "https://bot.example.com",
        ["Audit:Admins:0:Email"] = EnrollmentHarness.AlexEmail,
        ["Resets:HelpdeskMembers:0:Email"] = "meganb@example.com",
    };

    [GeneratedRegex(@"https://bot\.example\.com(/audit-exports/[A-Za-z0-9_-]{43}\.csv)")]
    private static partial Regex Link();

    private static async Task<string> AskAsync(EnrollmentHarness h, TeamsChat chat, string text)
    {
        var skip = h.Connector.Calls.Count;
        await chat.SayAsync(text);
        return TestConnector.TextOf(await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip))!;
    }

    private static Task RecordAsync(EnrollmentHarness h, string detail, DateTimeOffset? time = null) =>
        h.Bot.Services.GetRequiredService<IAuditTrail>().RecordAsync(new AuditEvent
        {
            Actor = new AuditActor("29:x", "Mallory, \"M\"", "m@example.com"),
            Action = "enrollment.started",
            Outcome = AuditOutcome.Success,
            IamUser = "alice",
            Detail = detail,
            Time = time,
        }, CancellationToken.None);

    private static async Task<List<string>> ExportKeysAsync(EnrollmentHarness h) =>
        await h.Store.ListKeysAsync(AuditExport.Prefix, CancellationToken.None).ToListAsync();

    [Fact]
    public async Task An_admin_gets_a_link_to_an_rfc4180_csv_of_the_range_that_stops_working_after_15_minutes()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings);
        await RecordAsync(h, "=HYPERLINK(\"x\"),next");
        await RecordAsync(h, "long ago", new DateTimeOffset(2020, 1, 1, 12, 0, 0, TimeSpan.Zero));

        var reply = await AskAsync(h, h.Chat(), "audit export");
        var path = Link().Match(reply).Groups[1].Value;
        Assert.NotEmpty(path);
        Assert.Contains("15 minutes", reply, StringComparison.Ordinal);

        using var http = new HttpClient();
        var csv = await http.GetStringAsync(h.Bot.BaseUrl + path);
        var lines = csv.Split("\r\n");
        Assert.Equal("id,time,actor_id,actor_name,actor_email,action,outcome,iam_user,serial_number,iam_request_id,correlation_id,detail,hash", lines[0]);
        var row = AuditRows.Read(h.Bot.Services)[0];
        Assert.Equal($"1,{row.Event.Time!.Value.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'},29:x,\"Mallory, \"\"M\"\"\",m@example.com,enrollment.started,Success,alice,,,,\"'=HYPERLINK(\"\"x\"\"),next\",{row.Hash}", lines[1]);
        // The 2020 row is outside the default 30 days; the export's own row is written after the CSV. Every line ends in CRLF.
        Assert.Equal([""], lines[2..]);

        var old = await AskAsync(h, h.Chat(), "audit export 2020-01-01 2020-01-01");
        var oldCsv = await http.GetStringAsync(h.Bot.BaseUrl + Link().Match(old).Groups[1].Value);
        Assert.Contains(",long ago,", oldCsv, StringComparison.Ordinal);
        Assert.Equal(3, oldCsv.Split("\r\n").Length);

        Assert.Contains(AuditRows.Read(h.Bot.Services), r => r.Event is { Action: "audit.exported", Outcome: AuditOutcome.Success });
        h.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(h.Bot.BaseUrl + path)).StatusCode);
    }

    [Fact]
    public async Task A_helpdesk_member_may_export_and_anyone_else_is_refused_once_with_nothing_exported()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings);

        Assert.Matches(Link(), await AskAsync(h, h.Chat("29:megan", "Megan Bowen"), "audit export"));
        Assert.Single(await ExportKeysAsync(h));

        var skip = h.Connector.Calls.Count;
        var refusal = await AskAsync(h, h.Chat("29:nobody", "No Body"), "audit export 2020-01-01");
        Assert.StartsWith("Only helpdesk members and audit admins", refusal, StringComparison.Ordinal);
        Assert.DoesNotMatch(Link(), refusal);
        await Task.Delay(200);
        Assert.Single(h.Connector.Calls.Skip(skip), c => TestConnector.TextOf(c) is not null);
        Assert.Single(await ExportKeysAsync(h));
        Assert.Contains(AuditRows.Read(h.Bot.Services), r => r.Event is { Action: "audit.exported", Outcome: AuditOutcome.Denied });
    }

    [Theory]
    [InlineData("audit export 2025-13-01")]
    [InlineData("audit export 2025-02-01 2025-01-01")]
    [InlineData("audit export yesterday")]
    [InlineData("audit export 2025-01-01 2025-01-02 2025-01-03")]
    public async Task Bad_dates_get_one_reply_that_shows_the_format(string text)
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings);

        var reply = await AskAsync(h, h.Chat(), text);

        Assert.Contains("audit export 2025-01-01 2025-01-31", reply, StringComparison.Ordinal);
        Assert.Empty(await ExportKeysAsync(h));
    }
}
