using MfaBot.Audit;
using MfaBot.Conversation;

namespace MfaBot.Resets;

/// <summary>"register helpdesk", typed by a helpdesk member in the conversation (e.g. a Teams channel) that should receive requests.</summary>
public sealed class RegisterHelpdesk(Helpdesk helpdesk, ResetAudit audit) : ICommand
{
    public IReadOnlyList<string> Phrases { get; } = ["register helpdesk", "register as helpdesk"];

    public async Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct)
    {
        if (await helpdesk.AuthorizeAsync(context, ct) is not { } agent)
        {
            await audit.RecordAsync("reset.refused", ResetAgent.Of(context.User, null), null, AuditOutcome.Denied, ct, "register helpdesk: not a helpdesk member");
            await helpdesk.TellClickerAsync(context, "Only helpdesk members (listed in the bot's Resets:HelpdeskMembers setting) can register the helpdesk conversation. Nothing was changed.", ct);
            return;
        }
        await helpdesk.RegisterAsync(context.Conversation, agent, ct);
        await audit.RecordAsync("reset.helpdeskRegistered", agent, null, AuditOutcome.Success, ct, $"conversation {context.Conversation.Id}");
        await context.SayAsync("Done: MFA reset requests will be posted here. Helpdesk members can take, approve or deny them on their cards." +
            (context.Conversation.IsPersonal ? " This is a private chat, so only you will see them." : ""), ct);
    }
}
