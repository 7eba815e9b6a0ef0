using System.Diagnostics;
using System.Text;
using MfaBot.Iam;
using MfaBot.Operability;
using MfaBot.Secrets;
using MfaBot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Conversation;

/// <summary>
/// Sends each turn to the command or card step it names; typed text no command claims goes to the features' fallbacks,
/// and then gets help. An answer owed from an earlier turn (<see cref="IOwedReply"/>) comes first and is the turn's answer.
/// </summary>
public sealed partial class Router
{
    private readonly Dictionary<string, ICommand> _phrases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ICardStep> _steps = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<ITextFallback> _fallbacks;
    private readonly IReadOnlyList<IOwedReply> _owed;
    private readonly ILogger<Router> _logger;
    private readonly MfaBotMetrics _metrics;

    private readonly FirstContact _firstContact;
    private readonly TimeSpan _iamBudget;

    public Router(IEnumerable<ICommand> commands, IEnumerable<ICardStep> steps, IEnumerable<ITextFallback> fallbacks, IEnumerable<IOwedReply> owed,
        FirstContact firstContact, MfaBotMetrics metrics, IOptions<IamOptions> iam, ILogger<Router> logger)
    {
        _iamBudget = iam.Value.TurnBudget;
        _firstContact = firstContact;
        _logger = logger;
        _metrics = metrics;
        _fallbacks = [.. fallbacks];
        _owed = [.. owed];
        foreach (var command in commands)
            foreach (var phrase in command.Phrases)
                if (!_phrases.TryAdd(phrase, command)) throw new InvalidOperationException($"Two commands claim the phrase '{phrase}'.");
        foreach (var step in steps)
            if (!_steps.TryAdd(step.Step, step)) throw new InvalidOperationException($"Two handlers claim the card step '{step.Step}'.");
        _longestPhrase = _phrases.Keys.Max(p => p.Length);
    }

    private readonly int _longestPhrase;

    public async Task RouteAsync(TurnContext context, CancellationToken ct)
    {
        using var span = MfaBotMetrics.ActivitySource.StartActivity("turn");
        span?.SetTag("mfabot.channel", context.User.Channel);
        var started = Stopwatch.GetTimestamp();
        var messages = TurnMessages.Begin(context.Conversation);
        var iam = IamTurn.Begin(_iamBudget);
        var ok = false;
        try
        {
            await DispatchAsync(context, ct);
            ok = true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (StorageUnavailableException ex)
        {
            // Not "nothing was changed": IAM may have acted earlier in this turn. What was saved before is intact.
            LogStoreFull(_logger, ex, context.Turn.Id, context.User.Channel);
            await context.SayAsync(
                $"Sorry, I couldn't save this step: my storage is full or failing right now, so I stopped here. What you finished before is kept. Please try again later; if it keeps happening, tell your helpdesk and quote reference {context.Turn.Id}.", ct);
        }
        catch (IamException ex)
        {
            // AWS failed and no feature explained it: say so, and whether a change may have been sent before.
            LogTurnIamFailed(_logger, ex.Action, ex.Code, context.Turn.Id, context.User.Channel);
            await context.SayAsync(IamFailureWords.TurnFailed(ex, iam.ChangeSent, context.Turn.Id), ct);
        }
        catch (SecretUnavailableException ex) when (ex.AwsFailed)
        {
            LogTurnKmsFailed(_logger, context.Turn.Id, context.User.Channel);
            await context.SayAsync(IamFailureWords.KmsTurnFailed(iam.ChangeSent, context.Turn.Id), ct);
        }
        catch (Exception ex)
        {
            LogTurnFailed(_logger, ex, context.Turn.Id, context.User.Channel);
            await context.SayAsync(
                $"Sorry, something went wrong on my side and nothing was changed. Please try again in a minute; if it keeps happening, contact your helpdesk and quote reference {context.Turn.Id}.", ct);
        }
        finally
        {
            span?.SetStatus(ok ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            if (messages.Posted > 1) LogSeveralMessages(_logger, context.Turn.Id, context.User.Channel, messages.Posted);
            _metrics.RecordTurn(context.User.Channel, ok, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task DispatchAsync(TurnContext context, CancellationToken ct)
    {
        foreach (var owed in _owed)
            if (await owed.TryDeliverAsync(context, ct)) return;
        await AnswerAsync(context, ct);
    }

    private async Task AnswerAsync(TurnContext context, CancellationToken ct)
    {
        switch (context.Turn.Input)
        {
            case Installed:
                await _firstContact.GreetOnceAsync(context, ct);
                return;
            case CardAction action when _steps.TryGetValue(action.Step, out var step):
                await step.ExecuteAsync(context, action, ct);
                return;
            case CardAction:
                await context.SayAsync("That button is no longer valid. Type **help** to see what I can do.", ct);
                return;
            case OversizedText oversized:
                await context.SayAsync(TypedText.TooLongReply(oversized.Length), ct);
                return;
            case TextInput text:
                await AnswerTextAsync(context, text, ct);
                return;
        }
    }

    private async Task AnswerTextAsync(TurnContext context, TextInput text, CancellationToken ct)
    {
        var normalized = Normalize(text.Text);
        if (normalized.Length == 0)
        {
            await _phrases["help"].ExecuteAsync(context, "", ct);
            return;
        }
        foreach (var (command, arguments) in Candidates(normalized))
            if (_phrases.TryGetValue(command, out var handler))
            {
                await handler.ExecuteAsync(context, arguments, ct);
                return;
            }
        foreach (var fallback in _fallbacks)
            if (await fallback.TryHandleAsync(context, text, ct)) return;
        await context.SayAsync("I didn't understand that. Type **help** to see what I can do.", ct);
    }

    /// <summary>
    /// The whole text first, then each shorter prefix of whole words with the rest as arguments. Prefixes longer than
    /// the longest phrase cannot match and are skipped, so the work stays linear in the text's length.
    /// </summary>
    private IEnumerable<(string Command, string Arguments)> Candidates(string normalized)
    {
        if (normalized.Length <= _longestPhrase) yield return (normalized, "");
        for (var i = normalized.LastIndexOf(' ', Math.Min(normalized.Length - 1, _longestPhrase)); i > 0; i = normalized.LastIndexOf(' ', i - 1))
            yield return (normalized[..i], normalized[(i + 1)..]);
    }

    /// <summary>Lower case, single spaces, no leading slash or trailing punctuation: "  Enroll! " → "enroll".</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim().TrimStart('/'))
        {
            if (char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ') builder.Append(' ');
            }
            else builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString().TrimEnd(' ', '.', '!', '?');
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Turn {TurnId} on {Channel} could not save its state: the store is full or its disk is failing; free space (or raise Storage:MaxDatabaseMegabytes)")]
    private static partial void LogStoreFull(ILogger logger, Exception ex, string turnId, string channel);

    /// <summary>Its event name is what the tests watch for: every turn of theirs must answer with one message.</summary>
    public const string SeveralMessagesEvent = "SeveralMessagesInOneTurn";

    [LoggerMessage(Level = LogLevel.Warning, EventName = SeveralMessagesEvent, Message = "Turn {TurnId} on {Channel} posted {Count} new messages into its conversation; a turn answers with one")]
    private static partial void LogSeveralMessages(ILogger logger, string turnId, string channel, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {TurnId} on {Channel} ended on IAM {Action} failing with {Code}")]
    private static partial void LogTurnIamFailed(ILogger logger, string action, string code, string turnId, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {TurnId} on {Channel} ended on AWS KMS failing or not answering")]
    private static partial void LogTurnKmsFailed(ILogger logger, string turnId, string channel);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn {TurnId} on {Channel} failed")]
    private static partial void LogTurnFailed(ILogger logger, Exception ex, string turnId, string channel);
}
