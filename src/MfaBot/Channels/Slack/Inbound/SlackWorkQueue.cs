using MfaBot.Channels.Inbound;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.Slack.Inbound;

/// <summary>Slack's work queue: work runs after the 3-second acknowledgement, one person's turns in order.</summary>
internal sealed class SlackWorkQueue(IOptions<SlackOptions> options, ILogger<SlackWorkQueue> logger)
    : LaneWorkQueue("Slack", options.Value.WorkQueueCapacity, options.Value.MaxConcurrentConversations, logger);

/// <summary>Slack's retried deliveries (same event_id or trigger_id) are recognised for this long.</summary>
internal sealed class SlackDeduplicator(MfaBot.Coordination.IDuplicateGuard guard, IOptions<SlackOptions> options, ILogger<SlackDeduplicator> logger)
    : DeliveryDeduplicator(guard, "slack", options.Value.DeduplicationWindow, logger);
