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
    /// (seconds, for Slack's date token) and <c>nameText</c> (the fallback text).
    /// </summary>
    public static JsonObject With(this JsonObject data, string name, DateTimeOffset at, TimeZoneInfo? zone, DateTimeOffset now)
    {
        data[name] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        data[name + "Unix"] = at.ToUnixTimeSeconds();
        data[name + "Text"] = Text(at, zone, now);
        return data;
    }

    /// <summary>
    /// "14:05" today, "Friday 12 December, 14:05" another day, in the person's zone; without a zone, "in 15 minutes",
    /// "in 3 hours", "in 2 days" (or "… ago").
    /// </summary>
    public static string Text(DateTimeOffset at, TimeZoneInfo? zone, DateTimeOffset now)
    {
        if (zone is not null)
        {
            var local = TimeZoneInfo.ConvertTime(at, zone);
            var today = TimeZoneInfo.ConvertTime(now, zone).Date;
            var time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
            return local.Date == today ? time : local.ToString("dddd d MMMM", CultureInfo.InvariantCulture) + ", " + time;
        }
        var span = at - now;
        var ahead = span >= TimeSpan.Zero;
        var length = span.Duration();
        var amount = length < TimeSpan.FromMinutes(1.5) ? "a minute"
            : length < TimeSpan.FromMinutes(90) ? Count((int)Math.Round(length.TotalMinutes), "minute")
            : length < TimeSpan.FromHours(36) ? Count((int)Math.Round(length.TotalHours), "hour")
            : Count((int)Math.Round(length.TotalDays), "day");
        return ahead ? "in " + amount : amount + " ago";
    }

    /// <summary>The zone a channel reported: an IANA or Windows id, else a fixed offset; null when neither is usable.</summary>
    public static TimeZoneInfo? Zone(string? id, TimeSpan? offset)
    {
        if (!string.IsNullOrWhiteSpace(id) && id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        return offset is { } o && o.Duration() <= TimeSpan.FromHours(14) && o.Ticks % TimeSpan.TicksPerMinute == 0
            ? TimeZoneInfo.CreateCustomTimeZone("offset", o, null, null)
            : null;
    }

    private static string Count(int n, string unit) => $"{n} {unit}{(n == 1 ? "" : "s")}";
}
