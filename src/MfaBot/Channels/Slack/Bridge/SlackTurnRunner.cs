using MfaBot.Channels.Slack.Rendering;
using MfaBot.Channels.Slack.WebApi;
using MfaBot.Conversation;
using Microsoft.Extensions.Logging;

namespace MfaBot.Channels.Slack.Bridge;

/// <summary>Runs accepted Slack work: turns through the router, modal buttons by opening the modal.</summary>
public sealed partial class SlackTurnRunner(Router router, SlackChannelAdapter adapter, SlackMethods slack, SlackMessageRenderer renderer,
    ILogger<SlackTurnRunner> logger)
{
    public async Task RunAsync(SlackWork work, CancellationToken ct)
    {
        switch (work)
        {
            case SlackModalWork modal:
                await OpenModalAsync(modal, ct);
                break;
            case SlackTurnWork turnWork:
                var turn = turnWork.Turn;
                if (turnWork.InDirectMessage)
                {
                    if (await adapter.OpenPersonalAsync(turn.Conversation, turn.User, ct) is not { } dm)
                    {
                        LogNoDirectMessage(logger, turn.Id);
                        return;
                    }
                    turn = turn with { Conversation = dm };
                }
                await router.RouteAsync(new TurnContext(turn, adapter), ct);
                break;
        }
    }

    private async Task OpenModalAsync(SlackModalWork modal, CancellationToken ct)
    {
        try
        {
            await slack.OpenViewAsync(modal.TriggerId, renderer.RenderView(modal.Template, modal.Step, modal.Metadata.ToJsonString()), ct);
        }
        catch (SlackApiException e)
        {
            // Most often an expired trigger (the click is older than 3 seconds); the person clicks again.
            LogModalFailed(logger, modal.Template, e.Error);
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException)
        {
            // The button named a modal the bot has no template for: not a button the bot made.
            LogModalFailed(logger, modal.Template, "no such modal");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack modal {Template} could not be opened: {Error}")]
    private static partial void LogModalFailed(ILogger logger, string template, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack turn {TurnId}: no direct message could be opened with the person")]
    private static partial void LogNoDirectMessage(ILogger logger, string turnId);
}
