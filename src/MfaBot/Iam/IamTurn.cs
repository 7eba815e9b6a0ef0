using System.Diagnostics;

namespace MfaBot.Iam;

/// <summary>
/// The IAM side of one chat turn, flowing with the turn's async calls: a deadline all its IAM calls share (so retries
/// never keep a person waiting past what the channel allows) and whether any call that changes IAM was sent (so a
/// failure message never says "nothing was changed" when something may have been). Outside a turn (sweepers,
/// campaigns) there is none and calls use their own limits only.
/// </summary>
public sealed class IamTurn
{
    private static readonly AsyncLocal<IamTurn?> CurrentTurn = new();
    private readonly long _deadline;
    private int _changeSent;

    private IamTurn(TimeSpan budget) => _deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);

    public static IamTurn? Current => CurrentTurn.Value;

    /// <summary>Starts the turn's IAM scope for the calling async flow; it ends with the method that began it.</summary>
    public static IamTurn Begin(TimeSpan budget) => CurrentTurn.Value = new IamTurn(budget);

    /// <summary>
    /// For a step that scans IAM at length (a manager's invite of a whole account) and answers when done: its calls keep
    /// their own limits rather than the turn's deadline. Reverts when the async method that called it returns.
    /// </summary>
    public static void Leave() => CurrentTurn.Value = null;

    /// <summary>Time left before the turn's deadline (negative once past).</summary>
    public TimeSpan Remaining => TimeSpan.FromSeconds((double)(_deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);

    /// <summary>A call that changes IAM (create, enable, delete, …) was sent; IAM may have applied it whatever came back.</summary>
    public bool ChangeSent => Volatile.Read(ref _changeSent) == 1;

    internal void NoteChangeSent() => Volatile.Write(ref _changeSent, 1);
}
