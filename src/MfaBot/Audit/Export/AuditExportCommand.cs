using System.Globalization;
using MfaBot.Audit.Table;
using MfaBot.Conversation;
using MfaBot.Downloads;
using MfaBot.Resets;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Audit.Export;

/// <summary>
/// "audit export [from] [to]" (UTC dates yyyy-MM-dd, inclusive; the last 30 days by default): the audit table as CSV
/// behind a link that works for Audit:ExportLifetime. Only the helpdesk and Audit:Admins may ask; the refusal says
/// nothing of the trail, and every answer is itself audited.
/// </summary>
public sealed class AuditExportCommand(
    IServiceProvider services, IStateStore state, IAuditTrail audit, IOptions<AuditOptions> options, IOptions<ResetOptions> resets,
    IOptions<StorageOptions> storage, IConfiguration configuration, TimeProvider clock) : ICommand
{
    private const int DefaultDays = 30;

    public IReadOnlyList<string> Phrases { get; } = ["audit export", "export audit"];

    public async Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct)
    {
        var profile = await context.GetProfileAsync(ct);
        var email = profile?.Email ?? profile?.UserPrincipalName;
        var actor = new AuditActor(context.User.Id, profile?.DisplayName ?? context.User.Name, email);
        if (!IsAllowed(context.User, email))
        {
            await RecordAsync(actor, AuditOutcome.Denied, "not a helpdesk member or audit admin", ct);
            await context.SayAsync("Only helpdesk members and audit admins (the bot's Resets:HelpdeskMembers and Audit:Admins settings) can export the audit trail. Nothing was exported.", ct);
            return;
        }
        // Days are the person's own (midnight to midnight where they are); GMT days when the channel gives no zone.
        var zone = await context.TimeZoneAsync(ct) ?? TimeZoneInfo.Utc;
        if (!TryParseRange(arguments, zone, out var from, out var to))
        {
            await context.SayAsync("Type **audit export** for the last 30 days, or **audit export 2025-01-01 2025-01-31** (from and to, both included; to not before from).", ct);
            return;
        }
        var baseUrl = configuration["PublicBaseUrl"];
        if (!storage.Value.IsDatabase || string.IsNullOrWhiteSpace(baseUrl) || !context.Conversation.IsPersonal)
        {
            await context.SayAsync(!context.Conversation.IsPersonal ? "Ask me for the audit export in a private chat, so the link goes to you only."
                : !storage.Value.IsDatabase ? "The audit export needs the Sqlite or Postgres store (Storage:Provider); this bot writes the legacy .jsonl files."
                : "No public address is configured for download links. Ask your administrator to set PublicBaseUrl.", ct);
            return;
        }

        var table = services.GetRequiredService<IAuditTable>();
        var range = $"{Day(from)} to {Day(to)}";
        var (csv, rows) = await AuditCsv.WriteAsync(table.ReadAsync(Start(from, zone), Start(to.AddDays(1), zone), ct), ct);
        var lifetime = options.Value.ExportLifetime;
        var link = await CsvDownloads.OfferAsync(state, AuditExport.Kind, baseUrl, csv, clock.GetUtcNow() + lifetime, ct);
        await RecordAsync(actor, AuditOutcome.Success, $"{range}, {rows} rows", ct);
        var days = zone == TimeZoneInfo.Utc ? "GMT days" : "days in your time zone";
        await context.SayAsync($"Here is the audit trail from {range} ({days}, {rows} rows): [download]({link}). "
            + $"The link works for {lifetime.TotalMinutes:0} minutes; anyone with it can open the file, so don't forward it.", ct);
    }

    private bool IsAllowed(ChatUser user, string? email) =>
        resets.Value.HelpdeskMembers.Concat(options.Value.Admins).Any(m => m.Matches(user, email));

    private bool TryParseRange(string arguments, TimeZoneInfo zone, out DateOnly from, out DateOnly to)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        (from, to) = (today.AddDays(1 - DefaultDays), today);
        var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > 2) return false;
        if (parts.Length >= 1 && !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out from)) return false;
        if (parts.Length == 2 && !DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out to)) return false;
        return from <= to;
    }

    private Task RecordAsync(AuditActor actor, AuditOutcome outcome, string detail, CancellationToken ct) =>
        audit.RecordAsync(new AuditEvent { Actor = actor, Action = "audit.exported", Outcome = outcome, Detail = detail }, ct);

    private static DateTimeOffset Start(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, zone.IsInvalidTime(midnight) ? zone.GetUtcOffset(midnight.AddHours(1)) : zone.GetUtcOffset(midnight));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Where audit exports are stored and served (<see cref="CsvDownloads"/>).</summary>
public static class AuditExport
{
    public const string Prefix = "audit-export/";

    public static CsvDownloadKind Kind { get; } = new("/audit-exports/", Prefix, "mfa-audit.csv");
}
