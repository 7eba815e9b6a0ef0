using System.Net;
using System.Text.Json.Nodes;
using MfaBot.Channels.BotFramework;
using MfaBot.Channels.BotFramework.Auth;
using MfaBot.Channels.BotFramework.Connector;
using MfaBot.Channels.BotFramework.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.BotFramework;

public sealed class ConnectorClientTests : IAsyncLifetime
{
    private const string Conversation = "a:1Xy/z?#=";
    private const string EncodedConversation = "a%3A1Xy%2Fz%3F%23%3D";
    private RecordingConnectorServer _connector = null!;

    public async Task InitializeAsync() => _connector = await RecordingConnectorServer.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    private sealed class StubTokenProvider : IBotTokenProvider
    {
        public int Calls { get; private set; }

        public Task<string> GetTokenAsync(CancellationToken ct)
        {
            Calls++;
            return Task.FromResult("stub-token");
        }
    }

    private static (IConnectorClient Client, StubTokenProvider Tokens, ServiceProvider Services) CreateClient(string appId = "")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BotFramework:MicrosoftAppId"] = appId,
            ["BotFramework:MicrosoftAppPassword"] = appId.Length > 0 ? "not-used" : "",
        }).Build();
        var tokens = new StubTokenProvider();
        var services = new ServiceCollection().AddBotFramework(configuration).AddSingleton<IBotTokenProvider>(tokens).BuildServiceProvider();
        return (services.GetRequiredService<IConnectorClient>(), tokens, services);
    }

    private static Activity Reply(string text) =>
        new() { Type = ActivityTypes.Message, Text = text, From = new ChannelAccount { Id = "bot" }, Conversation = new ConversationAccount { Id = Conversation } };

    [Fact]
    public async Task Each_operation_uses_its_path_method_and_body()
    {
        var (client, _, services) = CreateClient();
        await using var _ = services;
        var url = _connector.ServiceUrl;

        var replied = await client.ReplyToActivityAsync(url, Conversation, "act/1", Reply("r"), default);
        var sent = await client.SendToConversationAsync(url + "/", Conversation, Reply("s"), default);
        var updated = await client.UpdateActivityAsync(url, Conversation, "act-2", Reply("u"), default);
        await client.DeleteActivityAsync(url, Conversation, "act-3", default);
        var member = await client.GetConversationMemberAsync(url, Conversation, "29:user id", default);
        var created = await client.CreateConversationAsync(url, ConversationParameters.Personal(
            new ChannelAccount { Id = "28:bot" }, new ChannelAccount { Id = "29:user" }, "tenant-1"), default);

        var calls = _connector.Calls;
        Assert.Equal(
        [
            $"POST /_connector/v3/conversations/{EncodedConversation}/activities/act%2F1",
            $"POST /_connector/v3/conversations/{EncodedConversation}/activities",
            $"PUT /_connector/v3/conversations/{EncodedConversation}/activities/act-2",
            $"DELETE /_connector/v3/conversations/{EncodedConversation}/activities/act-3",
            $"GET /_connector/v3/conversations/{EncodedConversation}/members/29%3Auser%20id",
            "POST /_connector/v3/conversations",
        ], calls.Select(c => $"{c.Method} {c.RawTarget}"));
        Assert.Equal(["r", "s", "u"], calls.Take(3).Select(c => (string)JsonNode.Parse(c.Body)!["text"]!));
        Assert.Equal("", calls[3].Body);
        Assert.Equal(["generated-1", "generated-2", "generated-3"], new[] { replied.Id!, sent.Id!, updated.Id! });
        Assert.Equal(("alexw@example.com", "alexw@example.com", "aad-1", "t-1"), (member.Email, member.UserPrincipalName, member.AadObjectId, member.TenantId));
        Assert.Equal("a:new-conversation", created.Id);

        var body = JsonNode.Parse(calls[5].Body)!;
        Assert.False((bool)body["isGroup"]!);
        Assert.Equal("28:bot", (string?)body["bot"]!["id"]);
        Assert.Equal("29:user", (string?)body["members"]![0]!["id"]);
        Assert.Equal("tenant-1", (string?)body["tenantId"]);
        Assert.Equal("tenant-1", (string?)body["channelData"]!["tenant"]!["id"]);
        Assert.All(calls, c => Assert.Null(c.Authorization));
    }

    [Fact]
    public async Task Empty_success_bodies_give_a_null_id()
    {
        var (client, _, services) = CreateClient();
        await using var _ = services;
        _connector.Script(new ScriptedReply(202), new ScriptedReply(201));

        Assert.Null((await client.ReplyToActivityAsync(_connector.ServiceUrl, "c", "a", Reply("x"), default)).Id);
        Assert.Null((await client.SendToConversationAsync(_connector.ServiceUrl, "c", Reply("x"), default)).Id);
    }

    [Fact]
    public async Task Throttling_is_retried_after_the_time_the_connector_asks()
    {
        var (client, _, services) = CreateClient();
        await using var _ = services;
        _connector.Script(new ScriptedReply(429, """{"error":{"code":"TooManyRequests"}}""", RetryAfter: "1"), new ScriptedReply(503));

        var sent = await client.SendToConversationAsync(_connector.ServiceUrl, "c", Reply("x"), default);

        Assert.Equal("generated-3", sent.Id);
        var calls = _connector.Calls;
        Assert.Equal(3, calls.Count);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromMilliseconds(900), $"waited only {calls[1].At - calls[0].At}");
        Assert.All(calls, c => Assert.Equal(calls[0].Body, c.Body));
    }

    [Fact]
    public async Task Persistent_throttling_gives_up_after_the_attempt_limit()
    {
        var (client, _, services) = CreateClient();
        await using var _ = services;
        _connector.Script(Enumerable.Repeat(new ScriptedReply(502), 10).ToArray());

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(_connector.ServiceUrl, "c", Reply("x"), default));

        Assert.Equal(ConnectorErrorKind.Throttled, ex.Kind);
        Assert.Equal(HttpStatusCode.BadGateway, ex.Status);
        Assert.Equal(4, _connector.Calls.Count);
    }

    [Theory]
    [InlineData(403, """{"error":{"code":"MessageWritesBlocked","message":"blocked"}}""", ConnectorErrorKind.BotBlocked, "MessageWritesBlocked")]
    [InlineData(403, """{"error":{"code":"BotNotInConversationRoster"}}""", ConnectorErrorKind.Unauthorized, "BotNotInConversationRoster")]
    [InlineData(404, """{"error":{"code":"ConversationNotFound"}}""", ConnectorErrorKind.NotFound, "ConversationNotFound")]
    [InlineData(400, "not json", ConnectorErrorKind.Failed, null)]
    public async Task Refusals_are_typed_and_not_retried(int status, string body, ConnectorErrorKind kind, string? code)
    {
        var (client, _, services) = CreateClient();
        await using var _ = services;
        _connector.Script(new ScriptedReply(status, body));

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(_connector.ServiceUrl, "c", Reply("secret text"), default));

        Assert.Equal((kind, (HttpStatusCode)status, code), (ex.Kind, ex.Status, ex.ErrorCode));
        Assert.DoesNotContain("secret text", ex.Message, StringComparison.Ordinal);
        Assert.Single(_connector.Calls);
    }

    [Fact]
    public async Task Without_an_app_id_messages_go_to_loopback_service_urls_only()
    {
        var (client, tokens, services) = CreateClient();
        await using var _ = services;

        // Refused before any connection: an attempt at this unroutable address would end Unreachable instead.
        var refused = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync("http://192.0.2.1/_connector", "c", Reply("x"), default));
        Assert.Equal(ConnectorErrorKind.UntrustedServiceUrl, refused.Kind);

        await client.SendToConversationAsync(_connector.ServiceUrl, "c", Reply("x"), default);
        Assert.Null(Assert.Single(_connector.Calls).Authorization);
        Assert.Equal(0, tokens.Calls);
    }

    [Fact]
    public async Task With_an_app_id_the_token_is_sent_to_trusted_service_urls_only()
    {
        var (client, tokens, services) = CreateClient(appId: "11111111-2222-3333-4444-555555555555");
        await using var _ = services;

        var refused = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(_connector.ServiceUrl, "c", Reply("x"), default));
        Assert.Equal(ConnectorErrorKind.UntrustedServiceUrl, refused.Kind);
        Assert.Empty(_connector.Calls);
        Assert.Equal(0, tokens.Calls);

        services.GetRequiredService<TrustedServiceUrls>().Trust(_connector.ServiceUrl + "/");
        await client.SendToConversationAsync(_connector.ServiceUrl, "c", Reply("x"), default);

        Assert.Equal("Bearer stub-token", Assert.Single(_connector.Calls).Authorization);
    }
}
