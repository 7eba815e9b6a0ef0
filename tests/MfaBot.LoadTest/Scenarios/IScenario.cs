using MfaBot.LoadTest.Channel;

namespace MfaBot.LoadTest.Scenarios;

/// <summary>What one simulated person does, over and over, during a load run.</summary>
public interface IScenario
{
    string Name { get; }

    Task IterateAsync(Person person, TurnRecorder recorder, CancellationToken ct);
}

/// <summary>One worker's measurements (turns finishing outside the measured window are ignored) and its pace.</summary>
public sealed class TurnRecorder(Func<bool> measuring, TimeSpan think)
{
    public List<double> LatenciesMs { get; } = [];

    public List<string> Errors { get; } = [];

    public void Turn(ChannelClient.Turn turn)
    {
        if (measuring()) LatenciesMs.Add(turn.Latency.TotalMilliseconds);
    }

    /// <summary>The person's pause after an answer: 0.5–1.5 × the think time, so paced people do not move in lockstep.</summary>
    public async Task ThinkAsync(CancellationToken ct)
    {
        if (think <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(think * (0.5 + Random.Shared.NextDouble()), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The run ends; the loop sees the same token.
        }
    }

    public void Error(string what)
    {
        if (measuring()) Errors.Add(what);
    }
}

/// <summary>Whole enrollments; between two, the person's device is removed in IAM (untimed) so they can enroll again.</summary>
public sealed class EnrollmentLoop(ChannelClient client, EnrollmentFlow enrollment, AdminIam admin) : IScenario
{
    public string Name => "enroll";

    public async Task IterateAsync(Person person, TurnRecorder recorder, CancellationToken ct)
    {
        try
        {
            var (card, first) = await enrollment.StartAsync(person, ct);
            recorder.Turn(first);
            await recorder.ThinkAsync(ct);
            if (card is null)
            {
                recorder.Error("enroll: " + first.Answer.Text);
                // Its answer is the text after the card is closed: waiting for the card update instead left that text
                // to be taken as the next "enroll"'s answer, and each such error caused the next.
                await client.TurnAsync(person, person.Message(client.ServiceUrl, "cancel"), c => c.Text is not null, ct);
                return;
            }
            var second = await enrollment.SubmitCodesAsync(person, card, ct);
            recorder.Turn(second);
            if (!EnrollmentFlow.Succeeded(second)) recorder.Error("codes: " + second.Answer.Text);
            await recorder.ThinkAsync(ct);
        }
        finally
        {
            await admin.RemoveDevicesAsync(person.Email, CancellationToken.None);
        }
    }
}

/// <summary>One message, one echoed reply.</summary>
public sealed class EchoLoop(ChannelClient client) : IScenario
{
    public string Name => "echo";

    public async Task IterateAsync(Person person, TurnRecorder recorder, CancellationToken ct)
    {
        recorder.Turn(await client.TurnAsync(person, person.Message(client.ServiceUrl, "hello"),
            c => c.Text?.StartsWith("Echo: hello", StringComparison.Ordinal) == true, ct));
        await recorder.ThinkAsync(ct);
    }
}
