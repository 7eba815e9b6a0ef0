using MfaBot.Conversation;
using MfaBot.Enforcement;

namespace MfaBot.Enrollment;

/// <summary>
/// What the success card says. Kept under <see cref="KeyFor"/> when the card could not be delivered, so that the
/// person's next message (or the sweeper) tells them MFA is on: never a word that nothing changed.
/// </summary>
/// <param name="Listed">False when IAM had not listed the enabled device yet (eventual consistency).</param>
/// <param name="Conversation">Where the news goes: where the person gave the codes.</param>
/// <param name="QrCard">The QR card to close, which may live in another of the person's conversations.</param>
public sealed record SuccessNotice(string IamUserName, string SerialNumber, EnforcementOutcome Enforcement, bool Listed,
    ConversationRef Conversation, SentCard? QrCard)
{
    public static string KeyFor(ChatUser user) => $"enrollment-success/{user.Key}";

    public const string KeyPrefix = "enrollment-success/";
}

/// <summary>A message the bot sent and may replace.</summary>
public sealed record SentCard(ConversationRef Conversation, string MessageId);
