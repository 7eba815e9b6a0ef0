namespace MfaBot.Identity;

/// <summary>IAM's naming rules (botocore model: userNameType, serialNumberType), checked before any call.</summary>
public static class IamNames
{
    /// <summary>The IAM path starts with one of the prefixes (blank ones ignored, each trimmed).</summary>
    public static bool PathStartsWithAny(string? path, IEnumerable<string> prefixes) =>
        path is not null && prefixes.Any(p => !string.IsNullOrWhiteSpace(p) && path.StartsWith(p.Trim(), StringComparison.Ordinal));

    public static bool IsValidUserName(string name) =>
        name.Length is >= 1 and <= 128 && name.All(IsNameChar);

    /// <summary>A device name unique per user and within IAM's limits: user name plus a random suffix.</summary>
    public static string DeviceNameFor(string userName, string suffix)
    {
        var prefix = userName.Length > 200 ? userName[..200] : userName;
        return $"{prefix}-{suffix}";
    }

    private static bool IsNameChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '+' or '=' or ',' or '.' or '@' or '-';
}
