using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace MfaBot.Coverage.Digest;

/// <summary>
/// The weekly coverage digest (section "Coverage:Digest"): the whole-account coverage card, posted to one conversation once
/// a week at a local day and time. Off while <see cref="Conversation"/> is empty: it names people without MFA, so nobody
/// gets it without asking.
/// </summary>
public sealed class CoverageDigestOptions
{
    public const string Section = CoverageOptions.Section + ":Digest";

    /// <summary>The platform of <see cref="Conversation"/>: "msteams" or "slack".</summary>
    public string Channel { get; set; } = "msteams";

    /// <summary>
    /// Where the card goes, as Resets:HelpdeskConversation names a conversation: a Teams channel's conversation id
    /// (19:…@thread.tacv2) or a Slack channel id (C…). Empty: no digest.
    /// </summary>
    public string Conversation { get; set; } = "";

    /// <summary>
    /// Routing the platform needs to post without a person's message to answer (channel code reads it). Teams:
    /// "serviceUrl", the Bot Connector address of the tenant's region (e.g. https://smba.trafficmanager.net/emea/), and
    /// "tenantId". Slack needs none.
    /// </summary>
    public Dictionary<string, string> Address { get; set; } = [];

    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    /// <summary>Local time of day in <see cref="TimeZone"/>, HH:mm (24-hour).</summary>
    public string Time { get; set; } = "09:00";

    /// <summary>An IANA time zone id, e.g. Europe/Berlin; daylight saving time is followed.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How often an instance checks whether this week's digest is due (and retries a failed post).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(Conversation);

    // Methods, not properties: the settings checks read every property, and these throw on the values they report.
    public TimeOnly LocalTime() => TimeOnly.ParseExact(Time, TimeFormat, CultureInfo.InvariantCulture);

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    private const string TimeFormat = "HH:mm";

    /// <summary>One line per problem, each naming the setting. The schedule is checked even while the digest is off.</summary>
    public IEnumerable<string> Problems()
    {
        if (!TimeOnly.TryParseExact(Time, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            yield return $"{Section}:Time '{Time}' is not valid: expected a 24-hour local time as HH:mm, e.g. 09:00.";
        if (!IsZone(TimeZone))
            yield return $"{Section}:TimeZone '{TimeZone}' is not a time zone this machine knows: expected an IANA id such as Europe/Berlin.";
        if (!Enabled) yield break;
        if (Channel is not ("msteams" or "slack"))
            yield return $"{Section}:Channel '{Channel}' is unknown: expected msteams or slack.";
        if (Channel == "msteams" && !IsHttpUrl(Address.GetValueOrDefault("serviceUrl")))
            yield return $"{Section}:Address:serviceUrl must be the Bot Connector's absolute https URL for the Teams conversation, e.g. https://smba.trafficmanager.net/emea/.";
    }

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.IsLoopback && u.Scheme == Uri.UriSchemeHttp);

    private static bool IsZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>Coverage:Digest's settings at start, one line per problem (e.g. an unknown time zone).</summary>
public sealed class CoverageDigestValidator : IValidateOptions<CoverageOptions>
{
    public ValidateOptionsResult Validate(string? name, CoverageOptions options) =>
        options.Digest.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
