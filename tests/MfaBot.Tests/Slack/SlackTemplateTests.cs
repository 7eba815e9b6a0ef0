using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MfaBot.Cards;
using MfaBot.Channels.Slack.Rendering;
using MfaBot.Conversation;
using MfaBot.Tests.Cards;

namespace MfaBot.Tests.Slack;

public partial class SlackTemplateTests
{
    private static readonly SlackMessageRenderer Renderer = new(new CardTemplates(RepoFiles.PathOf("cards")));

    public static TheoryData<string, string> Samples()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, variant, _) in TeamsCardSamples.All()) data.Add(name, variant);
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_card_renders_as_a_valid_Block_Kit_message(string name, string variant)
    {
        var data = TeamsCardSamples.All().Single(s => s.Name == name && s.Variant == variant).Data;

        var message = Renderer.Render(OutboundMessage.Show(name, data), new JsonObject { ["id"] = "F1", ["url"] = "https://example.slack.com/files/F1", ["alt"] = "QR" });

        var args = new JsonObject { ["channel"] = "D1", ["text"] = message.Text, ["blocks"] = message.Blocks };
        Assert.Null(SlackApiShapes.Check("chat.postMessage", args));
    }

    [Fact]
    public void Every_feature_card_has_a_Slack_template_and_the_codes_modal_is_a_valid_view()
    {
        var teams = Directory.GetFiles(RepoFiles.PathOf("cards", "teams"), "*.json").Select(Path.GetFileName).Order();
        var slack = Directory.GetFiles(RepoFiles.PathOf("cards", "slack"), "*.json").Select(Path.GetFileName).ToHashSet();
        Assert.All(teams, t => Assert.Contains(t, slack));

        var view = Renderer.RenderView("enroll-codes", "enroll.codes", """{"channel":"D1","ts":"1.2"}""");
        Assert.Null(SlackApiShapes.Check("views.open", new JsonObject { ["trigger_id"] = "t", ["view"] = view }));
        var inputs = view["blocks"]!.AsArray().Where(b => b!["type"]!.ToString() == "input").Select(b => (b!["block_id"]!.ToString(), b["element"]!["action_id"]!.ToString()));
        Assert.Equal([("code1", "code1"), ("code2", "code2")], inputs);
    }

    [Fact]
    public void Every_modal_a_button_opens_is_a_valid_view_with_the_inputs_its_step_reads()
    {
        var expected = new Dictionary<string, string[]> { ["enroll-codes"] = ["code1", "code2"], ["reset-reason"] = ["reason"], ["reset-deny"] = ["denyReason"] };
        var opened = Directory.GetFiles(RepoFiles.PathOf("cards", "slack"), "*.json").SelectMany(f => ModalValue().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(expected.Keys.Order(), opened.Order());

        foreach (var (template, inputIds) in expected)
        {
            var view = Renderer.RenderView(template, "step", """{"channel":"D1","ts":"1.2"}""");
            Assert.Null(SlackApiShapes.Check("views.open", new JsonObject { ["trigger_id"] = "t", ["view"] = view }));
            var inputs = view["blocks"]!.AsArray().Where(b => b!["type"]!.ToString() == "input").Select(b => (b!["block_id"]!.ToString(), b["element"]!["action_id"]!.ToString()));
            Assert.Equal(inputIds.Select(i => (i, i)), inputs);
        }
    }

    [Fact]
    public void Helpdesk_buttons_carry_the_request_id_exactly_and_no_template_property_reaches_Slack()
    {
        var data = TeamsCardSamples.ResetRequest("open");
        data["requestId"] = "id <&> ?=x y**z**";

        var message = Renderer.Render(OutboundMessage.Show("reset-request", data), null);

        var buttons = message.Blocks!.OfType<JsonObject>().Where(b => b["type"]!.ToString() == "actions").SelectMany(b => b["elements"]!.AsArray().OfType<JsonObject>()).ToList();
        Assert.Equal(["reset.take", "reset.approve", "reset.deny"], buttons.Select(b => b["action_id"]!.ToString()));
        // Slack's entities round-trip; "**" is mrkdwn-converted like all data, which is why inputs are ids, not prose.
        Assert.All(buttons, b => Assert.Equal("id <&> ?=x y*z*", SlackButtonValue.Decode(b["value"]!.ToString()).Inputs["requestId"]));
        Assert.Equal(["reset.take", "reset.approve", "modal:reset-deny"], buttons.Select(b => SlackButtonValue.Decode(b["value"]!.ToString()).Head));
        Assert.DoesNotContain("\"inputs\"", message.Blocks!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Times_are_date_tokens_of_the_instant_with_the_readers_local_time_as_fallback_and_no_message_says_UTC()
    {
        foreach (var (name, variant, data) in TeamsCardSamples.All())
        {
            var rendered = Renderer.Render(OutboundMessage.Show(name, data), null);
            Assert.False(SlackHarness.AllText(rendered.Blocks).Contains("UTC", StringComparison.Ordinal) || rendered.Text.Contains("UTC", StringComparison.Ordinal), $"{name} ({variant})");
        }

        // The samples' reader is in Tokyo (UTC+9) on 1 May 2026 at 18:05 local time.
        var requested = TeamsCardSamples.At("2026-05-01T09:00:00Z").ToUnixTimeSeconds();
        var helpdesk = SlackHarness.AllText(Renderer.Render(OutboundMessage.Show("reset-request", TeamsCardSamples.ResetRequest("taken")), null).Blocks);
        Assert.Contains($"*Requested*\n<!date^{requested}^{{date_short_pretty}} {{time}}|18:00>", helpdesk, StringComparison.Ordinal);
        Assert.Contains($"since <!date^{requested}^{{date_short_pretty}} {{time}}|18:00>.", helpdesk, StringComparison.Ordinal);
        var enabled = TeamsCardSamples.At("2026-01-02T09:11:00Z").ToUnixTimeSeconds();
        Assert.Contains($"*Enabled*\n<!date^{enabled}^{{date_short_pretty}}|Friday 2 January>", helpdesk, StringComparison.Ordinal);

        var invite = Renderer.Render(OutboundMessage.Show("campaign-invite", TeamsCardSamples.All().First(s => s.Name == "campaign-invite").Data), null);
        var deadline = TeamsCardSamples.At("2026-06-30T23:59:59Z").ToUnixTimeSeconds();
        Assert.Contains($"*Deadline*\n<!date^{deadline}^{{date_short_pretty}}|Wednesday 1 July>", SlackHarness.AllText(invite.Blocks), StringComparison.Ordinal);
        Assert.EndsWith("Deadline: Wednesday 1 July.", invite.Text, StringComparison.Ordinal);
    }

    [GeneratedRegex("\"value\": \"modal:([a-z0-9-]+)")]
    private static partial Regex ModalValue();

    [Fact]
    public void Data_cannot_inject_mentions_or_links_into_a_message()
    {
        var message = Renderer.Render(OutboundMessage.Show("welcome", new JsonObject { ["name"] = "<!channel> <https://evil.example|click>" }), null);

        var text = message.Blocks!.ToJsonString() + message.Text;
        Assert.DoesNotContain("<!channel>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_points_at_the_mapped_endpoints_with_the_scopes_the_bot_uses()
    {
        var manifest = File.ReadAllText(RepoFiles.PathOf("manifest", "slack", "manifest.yml"));

        foreach (var url in new[] { "/api/slack/events", "/api/slack/interactions", "/api/slack/commands" })
            Assert.Contains($"url: https://mfabot.example.com{url}", manifest.Replace("request_url", "url", StringComparison.Ordinal), StringComparison.Ordinal);
        foreach (var scope in new[] { "chat:write", "commands", "im:history", "im:write", "users:read", "users:read.email", "files:write" })
            Assert.Contains($"      - {scope}\n", manifest, StringComparison.Ordinal);
        foreach (var evt in new[] { "message.im", "app_home_opened", "app_mention" })
            Assert.Contains($"      - {evt}\n", manifest, StringComparison.Ordinal);
        Assert.Contains("command: /mfa", manifest, StringComparison.Ordinal);
        // The hint Slack shows under /mfa names what a person can do, lost phone included.
        Assert.Contains("usage_hint: \"enroll | status | reset | cancel | help\"", manifest, StringComparison.Ordinal);
    }
}
