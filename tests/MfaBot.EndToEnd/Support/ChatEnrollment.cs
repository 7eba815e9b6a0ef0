using System.Text.Json;
using System.Text.RegularExpressions;
using MfaBot.Otp;
using MfaBot.Tests.Support;

namespace MfaBot.EndToEnd.Support;

/// <summary>The demo person (the playground's default user, Alex) enrolls in the chat, and the AWS CLI asks IAM what it holds.</summary>
public static class ChatEnrollment
{
    public const string User = "alexw@example.com";

    /// <summary>A whole enrollment from <c>enroll</c> to the success card; returns the device's serial number.</summary>
    public static async Task<string> EnrollAsync(EndToEndSession s)
    {
        var qr = await StartAsync(s);
        var (first, second) = await Authenticator.TwoConsecutiveCodesAsync(qr.Secret);
        await SubmitCodesAsync(s, first, second);
        return await ExpectEnrolledAsync(s, qr);
    }

    public static async Task<OtpAuthUri> StartAsync(EndToEndSession s, bool picture = false)
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

    public static async Task SubmitCodesAsync(EndToEndSession s, string first, string second)
    {
        await s.Chat.TypeIntoAsync("First code", first);
        await s.Chat.TypeIntoAsync("Second code", second);
        await s.Chat.ClickAsync("Verify codes");
    }

    /// <summary>The success card is shown, no key is left, and IAM lists the one device; returns its serial number.</summary>
    public static async Task<string> ExpectEnrolledAsync(EndToEndSession s, OtpAuthUri qr)
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
        return serial;
    }

    /// <summary>What IAM says, asked by the AWS CLI through the bot's embedded simulator.</summary>
    public static async Task<JsonElement[]> ListMfaDevicesAsync(EndToEndSession s)
    {
        var result = await ExternalTool.RunAsync(ExternalTool.Aws,
            ["iam", "list-mfa-devices", "--user-name", User, "--endpoint-url", s.Bot.IamEndpoint, "--output", "json"],
            ExternalTool.AwsEnvironment("AKIAMFABOTDEVELOPER1", "mfabot-embedded-simulator-dev-secret-not-for-aws"));
        Assert.True(result.ExitCode == 0, "aws iam list-mfa-devices failed: " + result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut);
        return [.. json.RootElement.GetProperty("MFADevices").EnumerateArray().Select(d => d.Clone())];
    }

    public static string Grouped(string secret) => string.Join(' ', secret.Chunk(4).Select(c => new string(c)));
}
