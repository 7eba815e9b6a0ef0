namespace MfaBot.Channels.BotFramework.Schema;

/// <summary>Values of <see cref="Activity.Type"/> that MfaBot distinguishes.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string MessageReaction = "messageReaction";
    public const string Invoke = "invoke";
    public const string Typing = "typing";
    public const string Event = "event";
}
