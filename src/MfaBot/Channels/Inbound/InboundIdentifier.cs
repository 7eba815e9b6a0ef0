using System.Text;

namespace MfaBot.Channels.Inbound;

/// <summary>
/// The rule for ids and names a channel sends that the bot builds state keys, de-duplication keys and audit records
/// from: checked when a request arrives, so a malformed one is refused at once instead of failing after the answer.
/// </summary>
internal static class InboundIdentifier
{
    public const int MaxLength = 256;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public const string Rule = "1 to 256 characters of well-formed text without control characters";

    public static bool IsValid(string id)
    {
        if (id.Length is 0 or > MaxLength || id.Any(char.IsControl)) return false;
        try
        {
            _ = StrictUtf8.GetByteCount(id);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
