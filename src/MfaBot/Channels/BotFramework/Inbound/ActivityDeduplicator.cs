using MfaBot.Channels.Inbound;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Inbound;

/// <summary>The Bot Framework channel's de-duplication window, sized by its options.</summary>
internal sealed class ActivityDeduplicator(IOptions<BotFrameworkOptions> options, TimeProvider time)
    : DeliveryDeduplicator(options.Value.DeduplicationWindow, options.Value.DeduplicationCapacity, time);
