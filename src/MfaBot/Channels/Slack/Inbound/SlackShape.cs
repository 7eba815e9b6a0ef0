using MfaBot.Channels.Inbound;
using MfaBot.Channels.Slack.Bridge;
using MfaBot.Conversation;

namespace MfaBot.Channels.Slack.Inbound;

/// <summary>
/// Checks, before verified work is accepted, the ids and names the bot later builds state keys, de-duplication keys
/// and audit records from (as <c>ActivityShape</c> does for Bot Framework), so a malformed one gets a 400 now
/// instead of failing after the acknowledgement, or sitting in the de-duplication cache for its whole window.
/// </summary>
internal static class SlackShape
{
    /// <returns>What is wrong, or null.</returns>
    public static string? Problem(SlackWork work)
    {
        foreach (var (name, value) in Fields(work))
            if (value is not null && !InboundIdentifier.IsValid(value)) return $"{name} must be {InboundIdentifier.Rule}";
        return null;
    }

    private static IEnumerable<(string Name, string? Value)> Fields(SlackWork work)
    {
        yield return ("delivery id", work.DeliveryId);
        yield return ("user id", work.User.Id);
        yield return ("team id", work.User.TenantId);
        yield return ("user name", work.User.Name is "" ? null : work.User.Name);
        switch (work)
        {
            case SlackModalWork modal:
                yield return ("trigger_id", modal.TriggerId);
                break;
            case SlackTurnWork turn:
                // A modal submitted without metadata has no conversation yet: it answers in the person's direct messages.
                if (!turn.InDirectMessage || turn.Turn.Conversation.Id.Length > 0) yield return ("channel", turn.Turn.Conversation.Id);
                if (turn.Turn.Input is CardAction { CardMessageId: { } ts }) yield return ("message ts", ts);
                break;
        }
    }
}
