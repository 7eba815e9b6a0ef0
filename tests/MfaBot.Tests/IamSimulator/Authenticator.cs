using System.Globalization;
using MfaBot.LeakScan.Recording;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.IamSimulator;

/// <summary>The user's side, played by real tools: zbarimg reads the QR, oathtool computes codes. Seeds and codes go to the run ledger.</summary>
public static class Authenticator
{
    /// <summary>Two consecutive codes (the current and the next step) at <paramref name="at"/> or now.</summary>
    public static async Task<(string First, string Second)> CodesAsync(string base32Secret, DateTimeOffset? at = null)
    {
        var args = new List<string> { "--totp", "-b", "-w", "1" };
        if (at is { } t) args.AddRange(["--now", t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)]);
        args.Add(base32Secret);
        RunLedger.Seed(base32Secret);
        var result = await ExternalTool.RunAsync("oathtool", args);
        Assert.Equal(0, result.ExitCode);
        var codes = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, codes.Length);
        RunLedger.Codes(codes);
        return (codes[0], codes[1]);
    }

    /// <summary>The otpauth URI in a QR code PNG.</summary>
    public static async Task<Uri> ReadQrAsync(string pngPath)
    {
        var result = await ExternalTool.RunAsync("zbarimg", ["--raw", "-q", pngPath]);
        Assert.Equal(0, result.ExitCode);
        var uri = new Uri(result.StdOut.Trim());
        RunLedger.Seed(SecretOf(uri));
        return uri;
    }

    public static string SecretOf(Uri otpauth)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(otpauth.Query);
        return query["secret"].ToString();
    }
}
