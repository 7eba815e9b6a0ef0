using System.Text.Json;
using Azure.Identity;
using MfaBot.Channels.BotFramework;
using MfaBot.Channels.BotFramework.Connector;
using MfaBot.Channels.BotFramework.Schema;

namespace MfaBot.Tests.BotFramework;

public sealed class SchemaAndCredentialTests
{
    private static Activity Incoming() => JsonSerializer.Deserialize<Activity>(Activities.Message("in-1").ToJsonString(), BotFrameworkJson.Options)!;

    [Fact]
    public void Reply_swaps_sender_and_recipient_and_points_at_the_incoming_activity()
    {
        var incoming = Incoming();
        var reply = incoming.CreateReply("hi");

        Assert.Equal((ActivityTypes.Message, "hi", "in-1"), (reply.Type, reply.Text, reply.ReplyToId));
        Assert.Equal(incoming.Recipient!.Id, reply.From!.Id);
        Assert.Equal("user-id-0", reply.Recipient!.Id);
        Assert.Equal((incoming.Conversation!.Id, incoming.ServiceUrl, "msteams", "en-US"),
            (reply.Conversation!.Id, reply.ServiceUrl, reply.ChannelId, reply.Locale));
    }

    [Fact]
    public void Conversation_reference_survives_storage_and_addresses_a_proactive_message()
    {
        var stored = JsonSerializer.Serialize(Incoming().GetConversationReference(), BotFrameworkJson.Options);
        var reference = JsonSerializer.Deserialize<ConversationReference>(stored, BotFrameworkJson.Options)!;
        var message = reference.CreateMessageActivity("reminder");

        Assert.Equal(("in-1", "user-id-0", "conv-1", Activities.ServiceUrl), (reference.ActivityId, reference.User!.Id, reference.Conversation!.Id, reference.ServiceUrl));
        Assert.Equal("00000000-0000-0000-0000-0000000000020", reference.User.AadObjectId);
        Assert.Null(message.ReplyToId);
        Assert.Equal((reference.Bot!.Id, "user-id-0", "reminder"), (message.From!.Id, message.Recipient!.Id, message.Text));
        Assert.Contains("\"aadObjectId\"", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("null", stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MicrosoftAppType.MultiTenant, "secret", typeof(ClientSecretCredential), "botframework.com")]
    [InlineData(MicrosoftAppType.SingleTenant, "secret", typeof(ClientSecretCredential), "tenant-1")]
    [InlineData(MicrosoftAppType.UserAssignedMSI, "", typeof(ManagedIdentityCredential), "botframework.com")]
    public void Credential_follows_the_app_type(MicrosoftAppType type, string password, Type expected, string tenant)
    {
        var options = new BotFrameworkOptions { MicrosoftAppId = "app", MicrosoftAppType = type, MicrosoftAppPassword = password, MicrosoftAppTenantId = "tenant-1" };
        Assert.IsType(expected, BotCredentials.Create(options));
        Assert.Equal(tenant, options.TokenTenant);
    }

    [Fact]
    public void Certificate_file_gives_a_certificate_credential()
    {
        var options = new BotFrameworkOptions { MicrosoftAppId = "app", CertificatePath = "/tmp/none.pem" };
        Assert.IsType<ClientCertificateCredential>(BotCredentials.Create(options));
    }
}
