using MfaBot.LoadTest.Channel;

namespace MfaBot.LoadTest.Scenarios;

/// <summary>
/// One command and its one answer, over and over: <c>help</c> (a static card, no IAM) or <c>status</c> (one IAM read
/// for a person without MFA). The bot answers every turn with exactly one message, so the first call is the answer
/// (unless <paramref name="answer"/> tells it apart from other traffic to the person, such as a campaign's invitation).
/// </summary>
public sealed class CommandLoop(ChannelClient client, string command, Func<ConnectorCall, bool>? answer = null) : IScenario
{
    public string Name => command;

    public async Task IterateAsync(Person person, TurnRecorder recorder, CancellationToken ct)
    {
        var turn = await client.TurnAsync(person, person.Message(client.ServiceUrl, command), answer ?? (_ => true), ct);
        recorder.Turn(turn);
        if (turn.Answer.Card is null && turn.Answer.Text?.StartsWith("Sorry", StringComparison.Ordinal) == true)
            recorder.Error($"{command}: {turn.Answer.Text}");
        await recorder.ThinkAsync(ct);
    }
}
