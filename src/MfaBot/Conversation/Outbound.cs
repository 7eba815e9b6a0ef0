using System.Text.Json.Nodes;

namespace MfaBot.Conversation;

/// <summary>A message to show, in channel-neutral terms; the channel renders it (Adaptive Card, Block Kit, …).</summary>
public sealed record OutboundMessage(string? Text = null, CardContent? Card = null, OutboundImage? Image = null)
{
    public static OutboundMessage Say(string text) => new(Text: text);

    public static OutboundMessage Show(string template, JsonObject data, OutboundImage? image = null) =>
        new(Card: new CardContent(template, data), Image: image);
}

/// <summary>A named card template (cards/&lt;channel&gt;/&lt;Template&gt;.json) and the data bound into it.</summary>
public sealed record CardContent(string Template, JsonObject Data);

/// <summary>
/// An image that belongs to the card (e.g. a QR code). Secret: channels must not log or cache it. A hosted copy is
/// served for CardImageLifetime, or ChartImageLifetime for a chart (<paramref name="IsChart"/>): a chart holds counts,
/// not a seed, and stays on a card people come back to.
/// </summary>
public sealed record OutboundImage(byte[] Png, string AltText, bool IsChart = false)
{
    public override string ToString() => $"OutboundImage({Png.Length} bytes)";
}

/// <summary>The person's profile as the platform reports it (Slack includes the person's time zone).</summary>
public sealed record UserProfile(string? Email, string? UserPrincipalName, string? DisplayName, TimeZoneInfo? TimeZone = null);

/// <summary>A member of a conversation (team, channel, group chat) with the email the platform reports.</summary>
public sealed record ChatMember(ChatUser User, string? Email);
