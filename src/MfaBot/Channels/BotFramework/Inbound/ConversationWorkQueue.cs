using MfaBot.Channels.Inbound;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Inbound;

/// <summary>The Bot Framework channel's work queue, sized by its options.</summary>
internal sealed class ConversationWorkQueue(IOptions<BotFrameworkOptions> options, ILogger<ConversationWorkQueue> logger)
    : LaneWorkQueue("Bot Framework", options.Value.WorkQueueCapacity, options.Value.MaxConcurrentConversations, logger);
