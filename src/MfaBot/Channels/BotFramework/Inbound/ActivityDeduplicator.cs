using MfaBot.Channels.Inbound;
using MfaBot.Coordination;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Inbound;

/// <summary>Activities redelivered by a Bot Framework channel (same channel, conversation and activity id).</summary>
internal sealed class ActivityDeduplicator(IDuplicateGuard guard, IOptions<BotFrameworkOptions> options, ILogger<ActivityDeduplicator> logger)
    : DeliveryDeduplicator(guard, "botframework", options.Value.DeduplicationWindow, logger);
