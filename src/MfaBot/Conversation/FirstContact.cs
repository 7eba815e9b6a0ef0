using MfaBot.Storage;

namespace MfaBot.Conversation;

/// <summary>
/// The welcome, once per conversation. Teams announces an install twice (an installationUpdate and a
/// conversationUpdate adding the bot, in either order, possibly to two instances) and Slack on every visit to the
/// app's home, so the first to claim the conversation's marker greets and the rest stay quiet.
/// </summary>
public sealed class FirstContact(IStateStore store)
{
    public async Task GreetOnceAsync(TurnContext context, CancellationToken ct)
    {
        var key = KeyOf(context.Conversation);
        try
        {
            await store.PutAsync(key, true, null, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return;
        }
        try
        {
            await context.SendAsync(WelcomeStep.Card(context.User), ct);
        }
        catch
        {
            // Unclaimed again, so the next install event or visit greets instead of nobody.
            await store.DeleteAsync(key, null, CancellationToken.None);
            throw;
        }
    }

    private static string KeyOf(ConversationRef conversation) => $"welcomed/{conversation.Channel}/{StateKey.Digest(conversation.Id)}";
}
