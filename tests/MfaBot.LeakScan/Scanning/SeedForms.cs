using System.Text;
using MfaBot.Otp;

namespace MfaBot.LeakScan.Scanning;

/// <summary>Every form a seed travels or could be stored in, each named for a report that never repeats the value.</summary>
public static class SeedForms
{
    public sealed record Form(string Text, string Name);

    /// <summary>
    /// Base32 plain and in the card's groups of four; Base64 (standard and URL-safe) and hex of the bytes; Base64 of the
    /// Base32 text (IAM's Base32StringSeed). Base64 forms leave out the padding so an unpadded copy matches as well.
    /// </summary>
    public static IEnumerable<Form> Of(string base32)
    {
        var bytes = Base32.Decode(base32);
        var seed = Base32.Encode(bytes);
        var base64 = Convert.ToBase64String(bytes).TrimEnd('=');
        yield return new(seed, "Base32");
        yield return new(string.Join(' ', seed.Chunk(4).Select(c => new string(c))), "Base32 in groups of four");
        yield return new(base64, "Base64 of the bytes");
        if (base64.AsSpan().IndexOfAny('+', '/') >= 0)
            yield return new(base64.Replace('+', '-').Replace('/', '_'), "URL-safe Base64 of the bytes");
        yield return new(Convert.ToHexString(bytes), "hex of the bytes");
        yield return new(Convert.ToBase64String(Encoding.ASCII.GetBytes(seed)).TrimEnd('='), "Base64 of the Base32 text");
    }
}
