using System.Text.Json.Nodes;
using MfaBot.Conversation;

namespace MfaBot.Channels.Slack.Bridge;

/// <summary>What one verified Slack request asks for, run after the acknowledgement.</summary>
/// <param name="DeliveryId">Slack's id for the delivery (event_id, trigger_id): retries carry the same one.</param>
public abstract record SlackWork(string DeliveryId, ChatUser User)
{
    /// <summary>Work of one person runs in order; the queue lane.</summary>
    public virtual string Lane => User.Key;
}

/// <param name="InDirectMessage">Answer in the person's direct messages with the bot, wherever they asked (slash commands).</param>
public sealed record SlackTurnWork(string DeliveryId, ChatUser User, Turn Turn, bool InDirectMessage = false)
    : SlackWork(DeliveryId, User);

/// <summary>A button that opens a modal (cards/slack/&lt;Template&gt;.json) whose submission is the card step <paramref name="Step"/>.</summary>
public sealed record SlackModalWork(string DeliveryId, ChatUser User, string TriggerId, string Template, string Step, JsonObject Metadata)
    : SlackWork(DeliveryId, User)
{
    // A trigger expires after 3 seconds: never wait behind the person's other work.
    public override string Lane => "modal\n" + TriggerId;
}
