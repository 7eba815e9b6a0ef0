using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MfaBot.Channels.Slack.Auth;

/// <summary>
/// Slack's request signing (version v0): hex HMAC-SHA256 of "v0:{timestamp}:{raw body}" keyed with the signing
/// secret, compared in constant time; stale timestamps are refused so a captured request cannot be replayed later.
/// </summary>
public sealed class SlackSignature(byte[] signingSecret, TimeSpan tolerance, TimeProvider clock)
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    private const string Version = "v0";

    public static string Compute(ReadOnlySpan<byte> signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes($"{Version}:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return $"{Version}=" + Convert.ToHexStringLower(HMACSHA256.HashData(signingSecret, message));
    }

    public bool IsValid(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature) || timestamp.Length > 12
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return false;
        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253402300799));
        if (age.Duration() > tolerance) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(signingSecret, timestamp, body));
        var given = Encoding.UTF8.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
