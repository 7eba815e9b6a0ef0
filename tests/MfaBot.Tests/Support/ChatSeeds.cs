using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MfaBot.LeakScan.Recording;

namespace MfaBot.Tests.Support;

/// <summary>
/// Records in the run ledger the seeds a bot's message shows a person — the otpauth link's secret and the "Can't scan?"
/// key in groups of four — as the chat fakes receive it, whether or not the test reads the QR code.
/// </summary>
public static partial class ChatSeeds
{
    public static void Record(JsonNode? message)
    {
        if (!RunFolder.Enabled || message is null) return;
        foreach (var seed in In(message)) RunLedger.Seed(seed);
    }

    /// <summary>Each secret as the message writes it (the key with its spaces).</summary>
    public static IEnumerable<string> In(JsonNode message)
    {
        var json = message.ToJsonString();
        return OtpAuthSecret().Matches(json).Select(m => m.Groups[1].Value).Concat(GroupedKey().Matches(json).Select(m => m.Value));
    }

    // JSON writers may escape the '&' before "secret=".
    [GeneratedRegex(@"otpauth://[^""\s]*?(?:\?|&|\\u0026)secret=([A-Za-z2-7]+)")]
    private static partial Regex OtpAuthSecret();

    [GeneratedRegex("(?<![A-Z2-7 ])[A-Z2-7]{4}(?: [A-Z2-7]{4}){5,}(?: [A-Z2-7]{1,3})?(?![A-Z2-7])")]
    private static partial Regex GroupedKey();
}
