using System.Collections.Concurrent;
using MfaBot.Channels.BotFramework;
using MfaBot.Channels.BotFramework.Schema;

namespace MfaBot.Tests.BotFramework;

/// <summary>Records every activity it is given, in order; <see cref="OnTurn"/> adds behaviour per test.</summary>
public sealed class RecordingActivityHandler : IActivityHandler
{
    private readonly ConcurrentQueue<Activity> _seen = new();

    public Func<Activity, CancellationToken, Task<InvokeResponse?>>? OnTurn { get; set; }

    public IReadOnlyList<Activity> Seen => [.. _seen];

    public async Task<InvokeResponse?> OnActivityAsync(Activity activity, CancellationToken ct)
    {
        _seen.Enqueue(activity);
        return OnTurn is null ? null : await OnTurn(activity, ct);
    }

    /// <summary>Polls (bounded) until an activity with this id has been handled.</summary>
    public async Task<Activity> WaitForAsync(string activityId, int timeoutMs = 10_000)
    {
        for (var waited = 0; waited < timeoutMs; waited += 10)
        {
            var found = _seen.FirstOrDefault(a => a.Id == activityId);
            if (found is not null) return found;
            await Task.Delay(10);
        }
        throw new TimeoutException($"activity {activityId} was not handled within {timeoutMs} ms");
    }
}
