using System.Globalization;
using MfaBot.LeakScan.Recording;
using MfaBot.Tests.Support;

namespace MfaBot.EndToEnd.Support;

/// <summary>The person's authenticator app, played by oathtool with the secret read from the QR code; codes go to the run ledger.</summary>
public static class Authenticator
{
    private const int StepSeconds = 30;

    /// <summary>Typing and the bot's checks fit in this; with less left in the step, wait for the next one.</summary>
    private const int SecondsNeeded = 8;

    /// <summary>
    /// Two codes as a person enters them: they note the code shown, wait for it to change, and type both;
    /// at submit time the first is the previous step's code and the second the current one.
    /// </summary>
    public static async Task<(string First, string Second)> TwoConsecutiveCodesAsync(string secret)
    {
        var left = StepSeconds - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % (StepSeconds * 1000) / 1000.0;
        if (left < SecondsNeeded) await Task.Delay(TimeSpan.FromSeconds(left + 0.5));
        var stepAgo = DateTimeOffset.UtcNow.AddSeconds(-StepSeconds).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        var result = await ExternalTool.RunAsync("oathtool", ["--totp", "-b", "-w", "1", "--now", stepAgo, secret]);
        Assert.True(result.ExitCode == 0, "oathtool failed: " + result.StdErr);
        var codes = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, codes.Length);
        RunLedger.Seed(secret);
        RunLedger.Codes(codes);
        return (codes[0], codes[1]);
    }
}
