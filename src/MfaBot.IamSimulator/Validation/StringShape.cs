using System.Text.RegularExpressions;

namespace MfaBot.IamSimulator.Validation;

/// <summary>A string shape of the IAM service model: length bounds and a pattern, shown to callers in AWS's notation.</summary>
/// <param name="Sensitive">AWS leaves the value out of the message (authentication codes).</param>
public sealed record StringShape(int Min, int? Max, string? AwsPattern, Regex? Pattern, bool Sensitive = false);

/// <summary>The shapes of the operations the simulator serves (botocore iam 2010-05-08 service-2.json).</summary>
public static class Shapes
{
    // Java's \w is ASCII-only; the .NET equivalents spell the classes out so Unicode letters stay invalid.
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    public static readonly StringShape ExistingUserName = new(1, 128, @"[\w+=,.@-]+", Whole(@"[A-Za-z0-9_+=,.@-]+"));
    public static readonly StringShape GroupName = new(1, 128, @"[\w+=,.@-]+", Whole(@"[A-Za-z0-9_+=,.@-]+"));
    public static readonly StringShape VirtualMfaDeviceName = new(1, null, @"[\w+=,.@-]+", Whole(@"[A-Za-z0-9_+=,.@-]+"));
    public static readonly StringShape SerialNumber = new(9, 256, @"[\w+=/:,.@-]+", Whole(@"[A-Za-z0-9_+=/:,.@-]+"));
    public static readonly StringShape AuthenticationCode = new(6, 6, @"[\d]+", Whole("[0-9]+"), Sensitive: true);
    public static readonly StringShape Path = new(1, 512, @"(\u002F)|(\u002F[\u0021-\u007F]+\u002F)", Whole(@"/|/[\u0021-\u007F]+/"));
    public static readonly StringShape PathPrefix = new(1, 512, @"\u002F[\u0021-\u007F]*", Whole(@"/[\u0021-\u007F]*"));
    public static readonly StringShape Marker = new(1, 320, @"[\u0020-\u00FF]+", Whole(@"[\u0020-\u00FF]+"));
    public static readonly StringShape TagKey = new(1, 128, @"[\p{L}\p{Z}\p{N}_.:/=+\-@]+", Whole(@"[\p{L}\p{Z}\p{N}_.:/=+\-@]+"));
    public static readonly StringShape TagValue = new(0, 256, @"[\p{L}\p{Z}\p{N}_.:/=+\-@]*", Whole(@"[\p{L}\p{Z}\p{N}_.:/=+\-@]*"));

    public const int MaxItemsMin = 1;
    public const int MaxItemsMax = 1000;
    public const int MaxTags = 50;

    public static readonly string[] AssignmentStatus = ["Assigned", "Unassigned", "Any"];

    private static Regex Whole(string pattern) => new($@"\A(?:{pattern})\z", Options, TimeSpan.FromSeconds(1));
}
