namespace MfaBot.Otp;

/// <summary>
/// An otpauth:// key URI (Google Authenticator's key-uri format) as authenticator apps read it.
/// Parses AWS's documented form <c>otpauth://totp/name@account?secret=…</c> as well as
/// <c>otpauth://totp/Issuer:account?secret=…&amp;issuer=Issuer</c>. ToString is redacted: the URI holds the seed.
/// </summary>
public sealed record OtpAuthUri(string Label, string? Issuer, string Secret, int Digits = Totp.Digits, int Period = Totp.StepSeconds)
{
    /// <summary>The account part of the label (after an "Issuer:" prefix, if any).</summary>
    public string AccountName
    {
        get
        {
            var colon = Label.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? Label : Label[(colon + 1)..].TrimStart();
        }
    }

    /// <summary>The label's issuer prefix, or the issuer parameter.</summary>
    public string? EffectiveIssuer
    {
        get
        {
            var colon = Label.IndexOf(':', StringComparison.Ordinal);
            return Issuer ?? (colon < 0 ? null : Label[..colon]);
        }
    }

    public byte[] SecretBytes() => Base32.Decode(Secret);

    /// <summary>The URI text; call only where the seed is meant to go (a QR code, a link on the person's phone).</summary>
    public string ToUriString()
    {
        // '@' stays literal as in AWS's documented form; apps accept both.
        var label = string.Join(':', Label.Split(':').Select(part => Uri.EscapeDataString(part.Trim()).Replace("%40", "@", StringComparison.Ordinal)));
        var query = $"secret={Secret}";
        if (Issuer is not null) query += $"&issuer={Uri.EscapeDataString(Issuer)}";
        if (Digits != Totp.Digits) query += $"&digits={Digits}";
        if (Period != Totp.StepSeconds) query += $"&period={Period}";
        return $"otpauth://totp/{label}?{query}";
    }

    public override string ToString() => $"otpauth://totp/{Label}?secret=[redacted]";

    public static OtpAuthUri Parse(string text) =>
        TryParse(text, out var uri) ? uri : throw new FormatException("The value is not a valid otpauth://totp URI.");

    public static bool TryParse(string? text, out OtpAuthUri uri)
    {
        uri = null!;
        if (text is null || !text.StartsWith("otpauth://totp/", StringComparison.OrdinalIgnoreCase)) return false;
        var rest = text["otpauth://totp/".Length..];
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q <= 0) return false;
        var label = Uri.UnescapeDataString(rest[..q]);
        string? secret = null, issuer = null;
        int digits = Totp.Digits, period = Totp.StepSeconds;
        foreach (var pair in rest[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0) continue;
            var name = pair[..eq].ToLowerInvariant();
            var value = Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            switch (name)
            {
                case "secret": secret = value; break;
                case "issuer": issuer = value; break;
                case "digits" when !int.TryParse(value, out digits): return false;
                case "period" when !int.TryParse(value, out period): return false;
                case "algorithm" when !value.Equals("SHA1", StringComparison.OrdinalIgnoreCase): return false;
            }
        }
        if (string.IsNullOrEmpty(secret) || !Base32.TryDecode(secret, out _) || digits is < 6 or > 8 || period <= 0) return false;
        uri = new OtpAuthUri(label, issuer, secret.ToUpperInvariant(), digits, period);
        return true;
    }
}
