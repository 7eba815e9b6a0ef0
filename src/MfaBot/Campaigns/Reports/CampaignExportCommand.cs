using MfaBot.Audit;
using MfaBot.Campaigns.Model;
using MfaBot.Conversation;
using MfaBot.Downloads;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Campaigns.Reports;

/// <summary>
/// "campaign export": the campaign as CSV. Bot Framework cannot attach a file to a 1:1 without the file-consent
/// flow, so the bot serves it under an unguessable link that works for Campaigns:ExportLifetime (when PublicBaseUrl
/// is set); without one, small campaigns get the CSV inline as a code block.
/// </summary>
public sealed class CampaignExportCommand(
    ManagerCampaigns campaigns, CampaignStore store, IStateStore state, CampaignAudit audit, IOptions<CampaignOptions> options, TimeProvider clock) : ICommand, ICardStep
{
    public IReadOnlyList<string> Phrases { get; } = ["campaign export", "export campaign", "campaign csv"];

    public string Step => Steps.CampaignExport;

    public async Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct)
    {
        if (await campaigns.LatestAsync(context, ct) is { } campaign) await ExportAsync(context, campaign, ct);
    }

    /// <summary>"Export CSV" on the status card: the campaign that card shows.</summary>
    public async Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct)
    {
        if (await campaigns.ForCardAsync(context, action, ct) is { } campaign) await ExportAsync(context, campaign, ct);
    }

    private async Task ExportAsync(TurnContext context, Campaign campaign, CancellationToken ct)
    {
        var invitees = await store.InviteesAsync(campaign, ct);
        var now = clock.GetUtcNow();
        var csv = CampaignCsv.Write(campaign, invitees, now);
        var o = options.Value;
        string reply;
        if (o.PublicBaseUrl is { Length: > 0 } baseUrl)
        {
            var link = await CsvDownloads.OfferAsync(state, CampaignExport.Kind, baseUrl, csv, now + o.ExportLifetime, ct);
            reply = $"Here is the CSV of your campaign ({invitees.Count} people): [download]({link}). "
                + $"The link works for {o.ExportLifetime.TotalMinutes:0} minutes; anyone with it can open the file, so don't forward it.";
        }
        else if (invitees.Count <= o.InlineExportMaxRows)
            reply = $"Here is your campaign as CSV ({invitees.Count} people):\n\n```\n{csv.TrimEnd()}\n```";
        else
            reply = $"Your campaign has {invitees.Count} people, too many to show here, and no public address is configured for download links. Ask your administrator to set PublicBaseUrl, or type **campaign status** for a summary.";
        await context.Channel.SendAsync(campaign.ManagerConversation, OutboundMessage.Say(reply), ct);
        await audit.RecordAsync("campaign.exported", context.User, campaign.Id, AuditOutcome.Success, ct);
    }
}

/// <summary>Where campaign exports are stored and served (<see cref="CsvDownloads"/>).</summary>
public static class CampaignExport
{
    public const string Prefix = "campaign-export/";

    public static CsvDownloadKind Kind { get; } = new("/campaign-exports/", Prefix, "mfa-campaign.csv");
}
