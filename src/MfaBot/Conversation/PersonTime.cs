using System.Globalization;
using System.Text.Json.Nodes;

namespace MfaBot.Conversation;

/// <summary>
/// Times as a person reads them: in their own time zone, never "UTC". Cards carry the instant and let the client
/// render it (Adaptive Cards' DATE/TIME functions, Slack's &lt;!date&gt; token); text uses the zone the channel
/// reported for the person, or says how far away the time is when no zone is known.
/// </summary>
public static class PersonTime
{
    /// <summary>
    /// Puts <paramref name="at"/> into card data as <c>name</c> (RFC 3339, for DATE()/TIME()), <c>nameUnix</c>
    /// (seconds, for Slack's date token) and <c>nameText</c> (the fallback text, see <see cref="Text"/>).
    /// </summary>
    public static JsonObject With(this JsonObject data, string name, DateTimeOffset at, TimeZoneInfo? zone, DateTimeOffset now) =>
        data.Instant(name, at, Text(at, zone, now));

    /// <summary>Like <see cref="With"/> for a time shown as a day only (a deadline, when a device was enabled).</summary>
    public static JsonObject WithDay(this JsonObject data, string name, DateTimeOffset at, TimeZoneInfo? zone, DateTimeOffset now) =>
        data.Instant(name, at, DayText(at, zone, now));

    /// <summary>
    /// "14:05" today, "Friday 12 December, 14:05" another day, in the person's zone; without a zone, "in 15 minutes",
    /// "in 3 hours", "in 2 days", "in 3 months" (or "… ago", "just now").
    /// </summary>
    public static string Text(DateTimeOffset at, TimeZoneInfo? zone, DateTimeOffset now)
    {
        if (zone is null) return Relative(at, now);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        return local.Date == TimeZoneInfo.ConvertTime(now, zone).Date ? time : Day(local, zone, now) + ", " + time;
    }

    /// <summary>For a sentence: "at 14:05", "on Friday 12 December at 14:05", or "in 15 minutes" / "3 hours ago" without a zone.</summary>
    public static string When(DateTimeOffset at, TimeZoneInfo? zone, DateTimeOffset now)
    {
        if (zone is null) return Relative(at, now);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var time = "at " + local.ToString("HH:mm", CultureInfo.InvariantCulture);
        return local.Date == TimeZoneInfo.ConvertTime(now, zone).Date ? time : "on " + Day(local, zone, now) + " " + time;
    }

    /// <summary>"Friday 12 December" (this year) or "12 December 2024" in the person's zone; without a zone, "in 3 days", "2 years ago".</summary>
    public static string DayText(DateTimeOffset at, TimeZoneInfo? zone, DateTimeOffset now) =>
        zone is null ? Relative(at, now) : Day(TimeZoneInfo.ConvertTime(at, zone), zone, now);

    /// <summary>The zone a channel reported: an IANA or Windows id, else a fixed offset; null when neither is usable.</summary>
    public static TimeZoneInfo? Zone(string? id, TimeSpan? offset)
    {
        if (!string.IsNullOrWhiteSpace(id) && id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        return offset is { } o && o.Duration() <= TimeSpan.FromHours(14) && o.Ticks % TimeSpan.TicksPerMinute == 0
            ? TimeZoneInfo.CreateCustomTimeZone("offset", o, null, null)
            : null;
    }

    private static JsonObject Instant(this JsonObject data, string name, DateTimeOffset at, string text)
    {
        data[name] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        data[name + "Unix"] = at.ToUnixTimeSeconds();
        data[name + "Text"] = text;
        return data;
    }

    private static string Day(DateTimeOffset local, TimeZoneInfo zone, DateTimeOffset now) =>
        local.ToString(local.Year == TimeZoneInfo.ConvertTime(now, zone).Year ? "dddd d MMMM" : "d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var span = at - now;
        var length = span.Duration();
        if (span <= TimeSpan.Zero && length < TimeSpan.FromSeconds(30)) return "just now";
        var amount = length < TimeSpan.FromMinutes(1.5) ? "a minute"
            : length < TimeSpan.FromMinutes(90) ? Count(length.TotalMinutes, "minute")
            : length < TimeSpan.FromHours(36) ? Count(length.TotalHours, "hour")
            : length < TimeSpan.FromDays(45) ? Count(length.TotalDays, "day")
            : length < TimeSpan.FromDays(548) ? Count(length.TotalDays / 30.44, "month")
            : Count(length.TotalDays / 365.25, "year");
        return span >= TimeSpan.Zero ? "in " + amount : amount + " ago";
    }

    private static string Count(double value, string unit)
    {
        var n = (int)Math.Round(value);
        return $"{n} {unit}{(n == 1 ? "" : "s")}";
    }
}
