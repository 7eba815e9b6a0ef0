using MfaBot.Conversation;

namespace MfaBot.Campaigns.Model;

/// <summary>A campaign's header, under "campaign/{id}"; its invitees live in chunks (<see cref="InviteeChunk"/>).</summary>
public sealed record Campaign
{
    public required string Id { get; init; }
    public required ChatUser Manager { get; init; }
    public string? ManagerEmail { get; init; }

    /// <summary>The manager's private conversation: preview, progress card, deadline report.</summary>
    public required ConversationRef ManagerConversation { get; init; }

    /// <summary>Where the manager asked; proactive 1:1s are opened from here (Teams needs its service URL, bot and tenant).</summary>
    public required ConversationRef Origin { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>The manager chose "enforce": at the deadline, everyone invited is put in the MFA enforcement group.</summary>
    public bool EnforceAtDeadline { get; init; }
    public CampaignPhase Phase { get; init; } = CampaignPhase.Preview;
    public required int ChunkCount { get; init; }
    public required int Total { get; init; }
    public required string Source { get; init; }
    public string? PreviewMessageId { get; init; }
    public string? CardMessageId { get; init; }

    /// <summary>The counts the card shows now, so it is only updated when something changed.</summary>
    public CampaignCounts? Shown { get; init; }

    public DateTimeOffset? RecheckedAt { get; init; }

    /// <summary>Its invitees are in the person index; false for campaigns written before the index existed, until indexed.</summary>
    public bool PersonIndexed { get; init; }

    public IReadOnlyCollection<int> AllChunks() => [.. Enumerable.Range(0, ChunkCount)];

    public static string KeyFor(string id) => $"campaign/{id}";

    public const string KeyPrefix = "campaign/";
}

public enum CampaignPhase
{
    /// <summary>Built and shown to the manager; nobody is messaged until it is confirmed.</summary>
    Preview,

    /// <summary>Confirmed: invites and reminders go out until the deadline.</summary>
    Running,

    /// <summary>The deadline passed and the manager got the list of those still missing.</summary>
    Closed,
}

/// <summary>The manager's preview waiting for Confirm, under "campaign-preview/{manager key}".</summary>
public sealed record PendingPreview(string CampaignId)
{
    public static string KeyFor(ChatUser manager) => $"campaign-preview/{manager.Key}";
}
