using System.Diagnostics;
using System.Text;
using MfaBot.Operability;
using MfaBot.Storage;
using Microsoft.Extensions.Logging;

namespace MfaBot.Conversation;

/// <summary>Sends each turn to the command or card step it names; everything else gets help.</summary>
public sealed partial class Router
{
    private readonly Dictionary<string, ICommand> _phrases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ICardStep> _steps = new(StringComparer.Ordinal);
    private readonly ILogger<Router> _logger;
    private readonly MfaBotMetrics _metrics;

    private readonly FirstContact _firstContact;

    public Router(IEnumerable<ICommand> commands, IEnumerable<ICardStep> steps, FirstContact firstContact, MfaBotMetrics metrics, ILogger<Router> logger)
    {
        _firstContact = firstContact;
        _logger = logger;
        _metrics = metrics;
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

    private Task DispatchAsync(TurnContext context, CancellationToken ct)
    {
        switch (context.Turn.Input)
        {
            case Installed:
                return _firstContact.GreetOnceAsync(context, ct);
            case CardAction action when _steps.TryGetValue(action.Step, out var step):
                return step.ExecuteAsync(context, action, ct);
            case CardAction:
                return context.SayAsync("That button is no longer valid. Type **help** to see what I can do.", ct);
            case OversizedText oversized:
                return context.SayAsync(TypedText.TooLongReply(oversized.Length), ct);
            case TextInput text:
                var normalized = Normalize(text.Text);
                if (normalized.Length == 0) return _phrases["help"].ExecuteAsync(context, "", ct);
                foreach (var (command, arguments) in Candidates(normalized))
                    if (_phrases.TryGetValue(command, out var handler)) return handler.ExecuteAsync(context, arguments, ct);
                return context.SayAsync($"I didn't understand that. Type **help** to see what I can do.", ct);
            default:
                return Task.CompletedTask;
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn {TurnId} on {Channel} failed")]
    private static partial void LogTurnFailed(ILogger logger, Exception ex, string turnId, string channel);
}
