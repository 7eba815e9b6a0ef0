using MfaBot.Audit;
using MfaBot.Conversation;
using Microsoft.Extensions.Logging;

namespace MfaBot.Coverage.Chat;

/// <summary>
/// "coverage", "coverage by team", "coverage team manager@example.com": who still has no MFA, riskiest first. Answers in
/// the turn when the report is ready within <see cref="AnswerWithin"/>; otherwise says it is being generated and posts
/// the card (or why there is none) to the same chat when it is, within Iam:CredentialReportTimeout.
/// </summary>
public sealed partial class CoverageCommand(CoverageAccess access, CoverageAnswers answers, IAuditTrail audit, IHostApplicationLifetime lifetime,
    ILogger<CoverageCommand> logger) : ICommand
{
    /// <summary>Inside the 3 s a person waits for an answer (and Slack's acknowledgement window), with room to post.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(2.5);

    public const string Generating = "IAM is generating the credential report; I'll post the coverage here when it is ready.";

    public IReadOnlyList<string> Phrases { get; } = ["coverage"];

    public async Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct)
    {
        var viewer = await access.CheckAsync(context, ct);
        await RecordAsync(context, viewer is null ? AuditOutcome.Denied : AuditOutcome.Success, arguments, ct);
        if (viewer is null)
        {
            await context.SayAsync(CoverageAccess.Refusal, ct);
            return;
        }
        if (!context.Conversation.IsPersonal)
        {
            await context.SayAsync("Ask me for **coverage** in a private chat: it names people and their risks.", ct);
            return;
        }
        if (CoverageScope.Parse(arguments) is not { } asked)
        {
            await context.SayAsync(CoverageScope.Usage, ct);
            return;
        }
        if (CoverageAccess.Allowed(viewer, asked) is not { } scope)
        {
            await context.SayAsync("You can see the coverage of your own reports only (Campaigns:OnlyOwnReports): type **coverage**.", ct);
            return;
        }
        var zone = await context.TimeZoneAsync(ct);
        var work = Detached(() => answers.AnswerAsync(viewer, scope, zone, lifetime.ApplicationStopping));
        if (await Task.WhenAny(work, Task.Delay(AnswerWithin, ct)) == work)
        {
            await context.SendAsync(await work, ct);
            return;
        }
        await context.SayAsync(Generating, ct);
        _ = Detached(() => PostWhenReadyAsync(work, context.Channel, context.Conversation));
    }

    /// <summary>Runs outside the turn's context, so what it posts later is not counted as this turn's message.</summary>
    private static Task<T> Detached<T>(Func<Task<T>> work)
    {
        using (ExecutionContext.SuppressFlow()) return Task.Run(work);
    }

    private async Task<bool> PostWhenReadyAsync(Task<OutboundMessage> work, IChannelAdapter channel, ConversationRef conversation)
    {
        OutboundMessage message;
        try
        {
            message = await work;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e);
            message = OutboundMessage.Say("Sorry, something went wrong on my side while reading the credential report. Please try **coverage** again in a minute.");
        }
        try
        {
            await channel.SendAsync(conversation, message, lifetime.ApplicationStopping);
            return true;
        }
        catch (Exception e) when (e is ChannelDeliveryException or OperationCanceledException)
        {
            LogNotPosted(logger, e, conversation.Channel);
            return false;
        }
    }

    private async Task RecordAsync(TurnContext context, AuditOutcome outcome, string arguments, CancellationToken ct)
    {
        var profile = await context.GetProfileAsync(ct);
        await audit.RecordAsync(new AuditEvent
        {
            Actor = new AuditActor(context.User.Id, profile?.DisplayName ?? context.User.Name, profile?.Email ?? profile?.UserPrincipalName),
            Action = "coverage.viewed",
            Outcome = outcome,
            Detail = arguments.Length == 0 ? "account" : arguments,
        }, ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Coverage failed after the person was told it is being generated")]
    private static partial void LogFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The coverage card for a {Channel} chat could not be posted after the report was generated")]
    private static partial void LogNotPosted(ILogger logger, Exception e, string channel);
}
