using MfaBot.Channels.BotFramework.Schema;
using MfaBot.Conversation;

namespace MfaBot.Channels.BotFramework.Bridge;

/// <summary>Runs each verified activity as a turn through the router.</summary>
public sealed class BotFrameworkTurnHandler(Router router, BotFrameworkChannelAdapter adapter) : IActivityHandler
{
    public async Task<InvokeResponse?> OnActivityAsync(Activity activity, CancellationToken ct)
    {
        if (ActivityToTurn.Read(activity) is { } turn)
            await router.RouteAsync(new TurnContext(turn, adapter), ct);
        // The bot's cards use Action.Submit, so no invoke needs a body; acknowledge any that arrives.
        return activity.Type == ActivityTypes.Invoke ? new InvokeResponse(200) : null;
    }
}
