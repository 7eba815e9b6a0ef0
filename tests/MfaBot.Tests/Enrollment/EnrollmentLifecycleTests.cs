using System.Net;
using MfaBot.Enrollment;
using MfaBot.Iam;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Enrollment;

/// <summary>What happens around an enrollment: welcome, hosted QR images, orphan devices, the audit trail.</summary>
public class EnrollmentLifecycleTests
{
    [Fact]
    public async Task Installing_the_app_greets_the_person_with_the_welcome_card()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        await chat.InstallAsync();
        var welcome = await chat.NextAsync(c => TestConnector.CardOf(c) is not null, 0);
        var card = TestConnector.CardOf(welcome)!.ToJsonString();
        Assert.Contains("Alex Wilber", card, StringComparison.Ordinal);
        Assert.Contains("enroll.start", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_welcome_offers_setup_status_and_a_lost_phone_and_each_button_answers()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        await chat.InstallAsync();
        var welcome = await chat.NextAsync(c => TestConnector.CardOf(c) is not null, 0);
        var steps = TestConnector.CardOf(welcome)!["actions"]!.AsArray().Select(a => a!["data"]!["step"]!.GetValue<string>()).ToList();
        Assert.Equal(["enroll.start", "status", "reset.start"], steps);

        var skip = h.Connector.Calls.Count;
        await chat.SubmitAsync(welcome.ResultId, new System.Text.Json.Nodes.JsonObject { ["step"] = "status" });
        var status = await chat.NextAsync(c => TestConnector.CardOf(c) is not null || TestConnector.TextOf(c) is not null, skip);
        Assert.Contains(EnrollmentHarness.AlexEmail, TestConnector.CardOf(status)?.ToJsonString() ?? TestConnector.TextOf(status), StringComparison.Ordinal);

        // Alex has no device yet: the lost-phone button answers that, not "no longer valid".
        skip = h.Connector.Calls.Count;
        await chat.SubmitAsync(welcome.ResultId, new System.Text.Json.Nodes.JsonObject { ["step"] = "reset.start" });
        var reset = await chat.NextAsync(c => TestConnector.CardOf(c) is not null || TestConnector.TextOf(c) is not null, skip);
        var said = TestConnector.CardOf(reset)?.ToJsonString() ?? TestConnector.TextOf(reset)!;
        Assert.DoesNotContain("no longer valid", said, StringComparison.Ordinal);
        Assert.Contains("MFA", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_public_base_url_the_qr_is_served_by_the_bot_until_the_enrollment_ends()
    {
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?> { ["PublicBaseUrl"] = "https://bot.example.com" });
        using var http = new HttpClient();
        var chat = h.Chat();
        var skip = h.Connector.Calls.Count;
        await chat.SayAsync("enroll");
        var card = await chat.NextAsync(c => TestConnector.CardOf(c) is { } json && QrDecoder.FindImageUrls(json).Any(), skip);
        var url = QrDecoder.FindImageUrls(TestConnector.CardOf(card)).Single();
        Assert.StartsWith("https://bot.example.com/card-images/", url, StringComparison.Ordinal);
        var local = h.Bot.BaseUrl + new Uri(url).AbsolutePath;

        var png = await http.GetByteArrayAsync(local);
        var key = (await QrDecoder.FromPngAsync(png, h.Folder)).SecretBytes();
        var guessed = await http.GetAsync(h.Bot.BaseUrl + "/card-images/" + new string('A', 43) + ".png");
        Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);

        var (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(chat, card.ResultId, c1, c2, c => c.Method == "PUT");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(local)).StatusCode);
    }

    [Fact]
    public async Task A_hosted_qr_is_stored_without_its_token_and_is_deleted_after_its_lifetime_even_if_nobody_asks()
    {
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["PublicBaseUrl"] = "https://bot.example.com",
            ["Enrollment:SweepInterval"] = "01:00:00",
            ["Coordination:JanitorInterval"] = "00:00:00.200",
        });
        using var http = new HttpClient();
        var chat = h.Chat();
        await chat.SayAsync("enroll");
        var card = await chat.NextAsync(c => TestConnector.CardOf(c) is { } json && QrDecoder.FindImageUrls(json).Any(), 0);
        var path = new Uri(QrDecoder.FindImageUrls(TestConnector.CardOf(card)).Single()).AbsolutePath;
        var local = h.Bot.BaseUrl + path;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(local)).StatusCode);
        // Whoever reads the data folder must not be able to open the link (it shows the seed).
        await SecretScan.AssertAbsentAsync([Path.GetFileNameWithoutExtension(path)], [], h.DataFolder);
        Assert.NotEmpty(await ImageKeysAsync(h));

        h.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        for (var i = 0; i < 100 && (await ImageKeysAsync(h)).Count > 0; i++) await Task.Delay(100);
        Assert.Empty(await ImageKeysAsync(h));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(local)).StatusCode);
    }

    private static async Task<List<string>> ImageKeysAsync(EnrollmentHarness h) =>
        await h.Store.ListKeysAsync("card-image", CancellationToken.None).ToListAsync();

    [Fact]
    public async Task The_sweeper_deletes_old_unassigned_devices_the_bot_created_and_nothing_else()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var iam = h.Bot.Services.GetRequiredService<IIamGateway>();
        var created = h.Clock.GetUtcNow().ToString("O");
        // As if the bot crashed right after CreateVirtualMFADevice: tagged, under the bot's path, no enrollment record.
        using var orphan = (await iam.CreateVirtualMfaDeviceAsync("orphan", "/mfabot/", [new IamTag(DeviceTags.Created, created)])).Seed;
        using var foreign = (await iam.CreateVirtualMfaDeviceAsync("someone-elses", "/", [new IamTag(DeviceTags.Created, created)])).Seed;
        using var fresh = (await iam.CreateVirtualMfaDeviceAsync("fresh", "/mfabot/", [new IamTag(DeviceTags.Created, h.Clock.GetUtcNow().AddMinutes(11).ToString("O"))])).Seed;

        h.Clock.Advance(TimeSpan.FromMinutes(12));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        IReadOnlyList<VirtualMfaDevice> left;
        do
        {
            await Task.Delay(100);
            left = await iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any);
        }
        while (left.Any(d => d.SerialNumber.EndsWith("/orphan", StringComparison.Ordinal)) && DateTime.UtcNow < deadline);
        Assert.Equal(["fresh", "someone-elses"], left.Select(d => d.SerialNumber[(d.SerialNumber.LastIndexOf('/') + 1)..]).Order());
    }

    [Fact]
    public async Task The_audit_trail_records_who_enrolled_which_user_and_device()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(chat, card.ResultId, c1, c2, c => c.Method == "PUT");

        var lines = h.AuditLines();
        var completed = Assert.Single(lines, l => l.Contains("\"enrollment.completed\"", StringComparison.Ordinal));
        Assert.Contains(EnrollmentHarness.AlexEmail, completed, StringComparison.Ordinal);
        Assert.Contains(":mfa/mfabot/", completed, StringComparison.Ordinal);
        Assert.Contains("msteams/", completed, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("\"enrollment.started\"", StringComparison.Ordinal));
    }
}
