using MfaBot.Conversation;
using MfaBot.Storage;

namespace MfaBot.Enrollment;

/// <summary>
/// Codes typed as a chat message while the person's setup waits for them: both in one message, or one per message
/// (the first is kept sealed until the second comes). Without such a setup the text is not enrollment's.
/// </summary>
public sealed class CodesInChat(CodeSubmission submission, EnrollmentSeeds seeds, IStateStore store) : ITextFallback
{
    public const string FirstCodeKeptReply =
        "Got your first code. Now wait until your app shows the next code, then send that one too.";

    public async Task<bool> TryHandleAsync(TurnContext context, TextInput text, CancellationToken ct)
    {
        // Only in a private chat: codes are the person's to type, and the QR card lives there.
        if (!context.Conversation.IsPersonal || TypedCodes.Read(text.Text) is not { } typed) return false;
        if (await submission.FindAsync(context.User, ct) is not { } found) return false;
        if (await submission.ReadyAsync(context, found, ct) is not { } stored) return true;
        if (typed.Problem is not null)
        {
            await CodeSubmission.RefuseAsync(context, typed.Problem, ct);
            return true;
        }
        if (typed.Codes.Count == 2)
        {
            await submission.SubmitAsync(context, stored, typed.Codes[0], typed.Codes[1], ct);
            return true;
        }
        if (stored.Value.ProtectedFirstCode is not null)
        {
            await submission.SubmitAsync(context, stored, seeds.UnprotectCode(stored.Value), typed.Codes[0], ct);
            return true;
        }
        await KeepFirstAsync(context, stored, typed.Codes[0], ct);
        return true;
    }

    private async Task KeepFirstAsync(TurnContext context, Stored<EnrollmentState> stored, string code, CancellationToken ct)
    {
        var kept = stored.Value with { ProtectedFirstCode = seeds.ProtectCode(stored.Value.Id, code) };
        try
        {
            await store.PutAsync(EnrollmentState.KeyFor(context.User), kept, stored.ETag, ct);
        }
        catch (ConcurrencyConflictException)
        {
            await context.SayAsync("Your setup changed while I read your code; type **status** to see where it stands.", ct);
            return;
        }
        await context.SayAsync(FirstCodeKeptReply, ct);
    }
}
