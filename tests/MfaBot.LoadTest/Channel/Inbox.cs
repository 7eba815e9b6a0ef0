namespace MfaBot.LoadTest.Channel;

/// <summary>
/// What one conversation received. A driver arms <see cref="Expect"/> before it posts an activity; the first later
/// call that matches completes it. Earlier or unmatched calls stay in the transcript when it is kept.
/// </summary>
public sealed class Inbox(bool keepTranscript)
{
    private readonly Lock _gate = new();
    private readonly List<ConnectorCall> _transcript = [];
    private Func<ConnectorCall, bool>? _match;
    private TaskCompletionSource<ConnectorCall>? _pending;

    public IReadOnlyList<ConnectorCall> Transcript
    {
        get { lock (_gate) return [.. _transcript]; }
    }

    public Task<ConnectorCall> Expect(Func<ConnectorCall, bool> match)
    {
        var pending = new TaskCompletionSource<ConnectorCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _match = match;
            _pending = pending;
        }
        return pending.Task;
    }

    internal void Deliver(ConnectorCall call)
    {
        TaskCompletionSource<ConnectorCall>? done = null;
        lock (_gate)
        {
            if (keepTranscript) _transcript.Add(call);
            if (_pending is not null && _match!(call))
            {
                done = _pending;
                _pending = null;
                _match = null;
            }
        }
        done?.TrySetResult(call);
    }
}
