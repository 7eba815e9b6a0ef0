using System.Text.Json;
using System.Text.RegularExpressions;
using MfaBot.EndToEnd.Support;
using MfaBot.Hosting;
using MfaBot.Otp;
using MfaBot.Tests.Support;

namespace MfaBot.EndToEnd;

/// <summary>A person enrolls through the Microsoft 365 Agents Playground in Chromium, and the AWS CLI confirms the result.</summary>
public class EnrollmentInTeamsTests
{
    private const string User = "alexw@example.com";

    [Fact]
    public Task A_person_enrolls_from_the_chat_and_the_qr_code_is_gone_afterwards() =>
        EndToEndSession.RunAsync(nameof(A_person_enrolls_from_the_chat_and_the_qr_code_is_gone_afterwards), async s =>
        {
            await s.PictureAsync("welcome", "MfaBot");
            await s.ExpectAccessibleCardsAsync();
            var qr = await StartEnrollmentAsync(s, picture: true);
            var (first, second) = await Authenticator.TwoConsecutiveCodesAsync(qr.Secret);

            await SubmitCodesAsync(s, first, second);

            await ExpectEnrolledAsync(s, qr);
            await s.PictureAsync("success", "MFA is on for");
            await s.ExpectAccessibleCardsAsync();
            Assert.Contains("Now listening on", s.Bot.Log, StringComparison.Ordinal);
            // The console greets whoever started the demo with the playground this test ran, at the same pinned version.
            Assert.Contains("MfaBot Development demo: listening on", s.Bot.Log, StringComparison.Ordinal);
            Assert.Contains("npx -y " + DevelopmentWelcome.PlaygroundPackage + " -e ", s.Bot.Log, StringComparison.Ordinal);
            using var pins = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(EndToEndPaths.RepoRoot, "tests", "MfaBot.EndToEnd", "tool", "package.json")));
            var pinned = pins.RootElement.GetProperty("devDependencies").GetProperty("@microsoft/m365agentsplayground").GetString();
            Assert.Equal(DevelopmentWelcome.PlaygroundPackage, "@microsoft/m365agentsplayground@" + pinned);
            foreach (var secret in new[] { qr.Secret, Grouped(qr.Secret), first, second })
                Assert.DoesNotContain(secret, s.Bot.Log, StringComparison.Ordinal);
        });

    [Fact]
    public Task A_wrong_code_is_refused_with_a_helpful_message_and_a_retry_succeeds() =>
        EndToEndSession.RunAsync(nameof(A_wrong_code_is_refused_with_a_helpful_message_and_a_retry_succeeds), async s =>
        {
            var qr = await StartEnrollmentAsync(s);
            var (first, second) = await Authenticator.TwoConsecutiveCodesAsync(qr.Secret);
            var typo = first[..5] + (char)('0' + (first[5] - '0' + 1) % 10);

            await SubmitCodesAsync(s, typo, second);
            await s.Chat.WaitForTextAsync("The first code isn't valid now");
            await s.Chat.WaitForTextAsync("4 attempts left");
            await s.SnapshotAsync("wrong-code-refused");
            Assert.Equal(1, await s.Chat.PngImages.CountAsync());
            Assert.Empty(await ListMfaDevicesAsync(s));

            (first, second) = await Authenticator.TwoConsecutiveCodesAsync(qr.Secret);
            await SubmitCodesAsync(s, first, second);

            await ExpectEnrolledAsync(s, qr);
        });

    private static async Task<OtpAuthUri> StartEnrollmentAsync(EndToEndSession s, bool picture = false)
    {
        await s.Chat.SendAsync("enroll");
        var png = await s.Chat.ReadQrPngAsync();
        await s.Chat.WaitForTextAsync("Set up MFA for " + User);
        await s.SnapshotAsync("qr-card");
        // The renderer turned the card's TIME() into the browser's local time: no template left, no "UTC".
        var setup = await s.Chat.CardTextAsync("Expires at");
        Assert.Matches(@"Expires at \d{1,2}:\d{2}", setup);
        Assert.DoesNotContain("{{", setup, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", setup, StringComparison.Ordinal);
        if (picture)
        {
            await s.PictureAsync("qr-card", "Expires at");
            await s.ExpectAccessibleCardsAsync();
        }
        var qr = await QrDecoder.FromPngAsync(png, s.WorkFolder);
        // Big enough on screen for a phone camera to scan (the card's "Large" size rendered it at 100 px).
        Assert.True((await s.Chat.PngImages.Last.BoundingBoxAsync())?.Width >= 160, "the QR code is drawn too small to scan");
        // A person who cannot scan types the key under the QR: it must be the QR's secret (and later checks for its absence can fail).
        await s.Chat.WaitForTextAsync(Grouped(qr.Secret));
        return qr;
    }

    private static async Task SubmitCodesAsync(EndToEndSession s, string first, string second)
    {
        await s.Chat.TypeIntoAsync("First code", first);
        await s.Chat.TypeIntoAsync("Second code", second);
        await s.Chat.ClickAsync("Verify codes");
    }

    private static async Task ExpectEnrolledAsync(EndToEndSession s, OtpAuthUri qr)
    {
        await s.Chat.WaitForTextAsync("MFA is on for " + User);
        await s.SnapshotAsync("enrolled");
        Assert.Equal(0, await s.Chat.PngImages.CountAsync());
        var cards = await s.Chat.CardsTextAsync();
        Assert.DoesNotContain(Grouped(qr.Secret), cards, StringComparison.Ordinal);
        Assert.DoesNotContain(qr.Secret, cards, StringComparison.Ordinal);

        var device = Assert.Single(await ListMfaDevicesAsync(s));
        Assert.Equal(User, device.GetProperty("UserName").GetString());
        var serial = device.GetProperty("SerialNumber").GetString()!;
        Assert.Contains(":mfa/mfabot/", serial, StringComparison.Ordinal);
        Assert.Contains(serial, cards, StringComparison.Ordinal);
        // The success card says once what changes at sign-in (it used to say it twice).
        var done = await s.Chat.CardTextAsync("MFA is on for");
        Assert.Single(Regex.Matches(done!, "sign in to AWS"));
    }

    /// <summary>What IAM says, asked by the AWS CLI through the bot's embedded simulator.</summary>
    private static async Task<JsonElement[]> ListMfaDevicesAsync(EndToEndSession s)
    {
        var result = await ExternalTool.RunAsync(ExternalTool.Aws,
            ["iam", "list-mfa-devices", "--user-name", User, "--endpoint-url", s.Bot.IamEndpoint, "--output", "json"],
            ExternalTool.AwsEnvironment("AKIAMFABOTDEVELOPER1", "mfabot-embedded-simulator-dev-secret-not-for-aws"));
        Assert.True(result.ExitCode == 0, "aws iam list-mfa-devices failed: " + result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut);
        return [.. json.RootElement.GetProperty("MFADevices").EnumerateArray().Select(d => d.Clone())];
    }

    private static string Grouped(string secret) => string.Join(' ', secret.Chunk(4).Select(c => new string(c)));
}
