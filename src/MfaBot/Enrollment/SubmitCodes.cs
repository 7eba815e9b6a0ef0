using MfaBot.Conversation;

namespace MfaBot.Enrollment;

/// <summary>"Verify codes" on the QR card (Slack: the codes modal): the two codes from its inputs.</summary>
public sealed class SubmitCodes(CodeSubmission submission) : ICardStep
{
    public string Step => Steps.EnrollCodes;

    public async Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct)
    {
        if (await submission.FindAsync(context.User, ct) is not { } found)
        {
            await context.SayAsync(CodeSubmission.NoSetupReply, ct);
            return;
        }
        if (await submission.ReadyAsync(context, found, ct) is not { } stored) return;
        var problem = CodeEntry.TryRead(action.Inputs.GetValueOrDefault("code1"), out var code1);
        var code2 = "";
        problem ??= CodeEntry.TryRead(action.Inputs.GetValueOrDefault("code2"), out code2);
        if (problem is not null)
        {
            await CodeSubmission.RefuseAsync(context, problem, ct);
            return;
        }
        await submission.SubmitAsync(context, stored, code1, code2, ct);
    }
}
