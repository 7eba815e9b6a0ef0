using System.Security.Cryptography;
using MfaBot.Audit;
using MfaBot.Campaigns.Access;
using MfaBot.Campaigns.Model;
using MfaBot.Campaigns.Progress;
using MfaBot.Conversation;
using MfaBot.Iam;
using MfaBot.Enforcement;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Campaigns.Invites;

/// <summary>
/// "invite … [enforce]": builds the campaign in preview, stores it, and shows the manager the counts with Confirm/Cancel.
/// The word "enforce" makes MFA required for everyone invited at the deadline (only when enforcement is configured).
/// </summary>
public sealed class InviteCommand(
    ManagerPolicy policy, InviteSources sources, InviteeResolver resolver, CampaignStore campaigns, IStateStore store,
    CampaignCards cards, CampaignAudit audit, MfaEnforcer enforcer, IOptions<CampaignOptions> options, TimeProvider clock) : ICommand
{
    public const string EnforceWord = "enforce";

    public IReadOnlyList<string> Phrases { get; } = ["invite"];

    /// <summary>The person as a campaign manager; otherwise they are refused (audited) and null comes back.</summary>
    public async Task<ManagerAccess?> ManagerOrRefusalAsync(TurnContext context, CancellationToken ct)
    {
        if (await policy.CheckAsync(context, ct) is { } manager) return manager;
        await audit.RecordAsync("campaign.refused", context.User, null, AuditOutcome.Denied, ct);
        await context.SayAsync(ManagerPolicy.Refusal, ct);
        return null;
    }

    public async Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct)
    {
        // "invite unenrolled" or a large CSV looks up every person in IAM: a scan, not a quick answer.
        IamTurn.Leave();
        if (await ManagerOrRefusalAsync(context, ct) is not { } manager) return;
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var enforce = words.Any(w => w.Equals(EnforceWord, StringComparison.OrdinalIgnoreCase));
        if (enforce && !enforcer.IsEnabled)
        {
            await context.SayAsync("MFA enforcement is not set up for this bot (Enforcement:GroupName is empty), so I can't make MFA required at the deadline. Nothing was sent. Ask your AWS administrator, or invite without **enforce**.", ct);
            return;
        }
        var rest = string.Join(' ', words.Where(w => !w.Equals(EnforceWord, StringComparison.OrdinalIgnoreCase)));
        await PreviewAsync(context, manager, await sources.CollectAsync(context, rest, ct), enforce, ct);
    }

    /// <summary>The refusal for more people than one campaign may have (Campaigns:MaxInvitees); null when they fit.</summary>
    public string? TooMany(int people) => people > options.Value.MaxInvitees
        ? $"That is {people} people; one campaign can have at most {options.Value.MaxInvitees}. Nothing was sent."
        : null;

    /// <summary>
    /// The preview for people found by any source (typed, or coverage's "Invite these N"): resolved, restricted to the
    /// manager's reports where configured, stored, and shown with Confirm/Cancel in the manager's private chat.
    /// </summary>
    public async Task PreviewAsync(TurnContext context, ManagerAccess manager, InviteSources.Found found, bool enforce, CancellationToken ct)
    {
        if (found.Problem is not null)
        {
            await context.SayAsync(found.Problem, ct);
            return;
        }
        if (TooMany(found.Candidates.Count) is { } tooMany)
        {
            await context.SayAsync(tooMany, ct);
            return;
        }
        var home = context.Conversation.IsPersonal ? context.Conversation : await context.Channel.OpenPersonalAsync(context.Conversation, context.User, ct);
        if (home is null)
        {
            await context.SayAsync("I show campaign previews and progress only in our private chat, and I couldn't open one. Please message me directly and try again there.", ct);
            return;
        }
        if (!context.Conversation.IsPersonal) await context.SayAsync("I'm preparing the invitations; I'll show you the preview in our private chat.", ct);

        var resolved = await resolver.ResolveAsync(context, manager, found.Candidates, ct);
        var campaign = await CreatePreviewAsync(context, manager, home, found.Source, resolved, enforce, ct);
        var cardId = await context.Channel.SendAsync(home, cards.Preview(campaign, resolved.Counts, resolved.Notes, enforcer.GroupName), ct);
        // Asked in a channel, the preview is clicked in the 1:1, another conversation's turn: a Confirm that came before
        // this write started the campaign without its card, so the card is given to it here.
        await campaigns.UpdateAsync(campaign.Id, c => c with
        {
            PreviewMessageId = cardId,
            CardMessageId = c.Phase == CampaignPhase.Preview ? c.CardMessageId : c.CardMessageId ?? cardId,
        }, ct);
        await audit.RecordAsync("campaign.previewed", context.User, campaign.Id, AuditOutcome.Success, ct, $"{resolved.Counts.WillInvite} to invite");
    }

    private async Task<Campaign> CreatePreviewAsync(TurnContext context, ManagerAccess manager, ConversationRef home, string source,
        InviteeResolver.Resolved resolved, bool enforce, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var deadline = now + options.Value.DefaultDeadline;
        var invitees = resolved.Invitees;
        if (invitees.Any(i => i.Deadline is not null)) deadline = invitees.Max(i => i.Deadline ?? deadline);
        var size = options.Value.Delivery.ChunkSize;
        var campaign = new Campaign
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Manager = context.User,
            ManagerEmail = manager.Email,
            ManagerConversation = home,
            Origin = context.Conversation,
            CreatedAt = now,
            Deadline = deadline,
            EnforceAtDeadline = enforce,
            ChunkCount = (invitees.Count + size - 1) / size,
            Total = invitees.Count,
            Source = source,
        };
        var chunks = invitees.Chunk(size).Select((part, index) => new InviteeChunk { CampaignId = campaign.Id, Index = index, Invitees = part }).ToList();
        await campaigns.CreateAsync(campaign, chunks, ct);

        // One preview per manager: a new one replaces the one they did not confirm.
        var key = PendingPreview.KeyFor(context.User);
        var previous = await store.GetAsync<PendingPreview>(key, ct);
        await store.PutAsync(key, new PendingPreview(campaign.Id), previous?.ETag, ct);
        if (previous is not null && await campaigns.GetAsync(previous.Value.CampaignId, ct) is { Value.Phase: CampaignPhase.Preview } old)
            await campaigns.DeleteAsync(old.Value, ct);
        return campaign;
    }
}
