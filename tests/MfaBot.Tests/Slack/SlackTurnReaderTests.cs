using System.Text.Json.Nodes;
using MfaBot.Channels.Slack.Bridge;
using MfaBot.Channels.Slack.Rendering;
using MfaBot.Conversation;

namespace MfaBot.Tests.Slack;

public class SlackTurnReaderTests
{
    [Fact]
    public void Typed_text_loses_mentions_and_entities_and_keeps_the_people_mentioned()
    {
        var (text, mentions) = SlackText.ReadTyped("  invite <@U0MEGAN> <@U0LYNNE|lynne> &lt;b&gt; &amp; <https://x.example|site> ");

        Assert.Equal("invite     <b> & site", text);
        Assert.Equal(["U0MEGAN", "U0LYNNE"], mentions);
    }

    [Fact]
    public void Bot_text_is_escaped_so_it_cannot_mention_or_link_and_bold_becomes_mrkdwn()
    {
        Assert.Equal("Type *enroll* &lt;!channel&gt; &amp; &lt;@U1&gt;", SlackText.FromMarkdown("Type **enroll** <!channel> & <@U1>"));
    }

    [Fact]
    public void A_modal_submission_is_the_submitting_user_whatever_its_metadata_says()
    {
        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = "T1" },
            ["user"] = new JsonObject { ["id"] = "U0REAL", ["team_id"] = "T1" },
            ["trigger_id"] = "t1",
            ["view"] = new JsonObject
            {
                ["callback_id"] = "enroll.codes",
                ["private_metadata"] = """{"channel":"DU0REAL","ts":"17.1","user":"U0VICTIM"}""",
                ["state"] = new JsonObject { ["values"] = new JsonObject { ["code1"] = new JsonObject { ["code1"] = new JsonObject { ["value"] = "123456" } } } },
            },
        };

        var work = Assert.IsType<SlackTurnWork>(SlackTurnReader.ReadInteraction(payload));

        Assert.Equal("U0REAL", work.Turn.User.Id);
        Assert.Equal("slack/T1/U0REAL", work.Turn.User.Key);
        var action = Assert.IsType<CardAction>(work.Turn.Input);
        Assert.Equal("enroll.codes", action.Step);
        Assert.Equal("123456", action.Inputs["code1"]);
        Assert.Equal("17.1", action.CardMessageId);
        Assert.True(work.Turn.Conversation.IsPersonal);
    }

    [Fact]
    public void A_modal_button_opens_its_modal_and_other_buttons_are_card_steps()
    {
        JsonObject Click(string actionId, string value, string channel) => new()
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U1", ["team_id"] = "T1" },
            ["trigger_id"] = "trig",
            ["container"] = new JsonObject { ["message_ts"] = "17.2", ["channel_id"] = channel },
            ["channel"] = new JsonObject { ["id"] = channel },
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = actionId, ["value"] = value }),
        };

        var modal = Assert.IsType<SlackModalWork>(SlackTurnReader.ReadInteraction(Click("enroll.codes", "modal:enroll-codes", "DU1")));
        var step = Assert.IsType<SlackTurnWork>(SlackTurnReader.ReadInteraction(Click("enroll.start", "enroll.start", "C0GENERAL")));

        Assert.Equal(("enroll-codes", "enroll.codes", "DU1", "17.2"), (modal.Template, modal.Step, modal.Metadata["channel"]!.ToString(), modal.Metadata["ts"]!.ToString()));
        Assert.Equal("enroll.start", Assert.IsType<CardAction>(step.Turn.Input).Step);
        Assert.False(step.Turn.Conversation.IsPersonal);
    }

    [Fact]
    public void Inputs_a_button_carries_reach_its_step_directly_or_through_the_modal_it_opens()
    {
        JsonObject Click(string actionId, string value) => new()
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U1", ["team_id"] = "T1" },
            ["trigger_id"] = "trig",
            ["container"] = new JsonObject { ["message_ts"] = "17.3", ["channel_id"] = "C0HELP" },
            ["state"] = new JsonObject { ["values"] = new JsonObject { ["b"] = new JsonObject { ["requestId"] = new JsonObject { ["value"] = "typed" }, ["note"] = new JsonObject { ["value"] = "hi" } } } },
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = actionId, ["value"] = value }),
        };

        // What the bot put on the button wins over a typed field of the same name, as Action.Submit data does in Teams.
        var step = Assert.IsType<CardAction>(Assert.IsType<SlackTurnWork>(SlackTurnReader.ReadInteraction(Click("reset.approve", "reset.approve?requestId=0a1b&x=%3C%26%3E"))).Turn.Input);
        Assert.Equal(("reset.approve", "0a1b", "<&>", "hi"), (step.Step, step.Inputs["requestId"], step.Inputs["x"], step.Inputs["note"]));

        var modal = Assert.IsType<SlackModalWork>(SlackTurnReader.ReadInteraction(Click("reset.deny", "modal:reset-deny?requestId=0a1b")));
        Assert.Equal(("reset-deny", "reset.deny"), (modal.Template, modal.Step));
        var submission = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = "U1", ["team_id"] = "T1" },
            ["trigger_id"] = "t2",
            ["view"] = new JsonObject
            {
                ["callback_id"] = modal.Step,
                ["private_metadata"] = modal.Metadata.ToJsonString(),
                ["state"] = new JsonObject { ["values"] = new JsonObject { ["denyReason"] = new JsonObject { ["denyReason"] = new JsonObject { ["value"] = "no answer" } } } },
            },
        };
        var submitted = Assert.IsType<CardAction>(Assert.IsType<SlackTurnWork>(SlackTurnReader.ReadInteraction(submission)).Turn.Input);
        Assert.Equal(("reset.deny", "0a1b", "no answer", "17.3"), (submitted.Step, submitted.Inputs["requestId"], submitted.Inputs["denyReason"], submitted.CardMessageId));
        Assert.False(Assert.IsType<SlackTurnWork>(SlackTurnReader.ReadInteraction(submission)).Turn.Conversation.IsPersonal);
    }

    [Fact]
    public void A_button_value_decodes_to_its_head_and_single_valued_inputs()
    {
        Assert.Equal("enroll.start", SlackButtonValue.Decode("enroll.start").Head);
        Assert.Empty(SlackButtonValue.Decode("modal:enroll-codes").Inputs);
        var (head, inputs) = SlackButtonValue.Decode("modal:x?a=1&a=2&b=%20&=3&c");
        Assert.Equal("modal:x", head);
        Assert.Equal(" ", inputs["b"]);
        Assert.False(inputs.ContainsKey("a"));
        Assert.Throws<InvalidDataException>(() => SlackButtonValue.Encode("a?b", new Dictionary<string, string> { ["c"] = "d" }));
        Assert.Throws<InvalidDataException>(() => SlackButtonValue.Encode("a", new Dictionary<string, string> { ["c"] = new string('x', 2000) }));
    }

    [Fact]
    public void Channel_messages_other_subtypes_and_incomplete_payloads_are_ignored()
    {
        JsonObject Envelope(JsonObject e) => new() { ["event_id"] = "Ev1", ["team_id"] = "T1", ["event"] = e };

        Assert.Null(SlackTurnReader.ReadEvent(Envelope(new() { ["type"] = "message", ["channel_type"] = "channel", ["channel"] = "C1", ["user"] = "U1", ["text"] = "enroll" })));
        Assert.Null(SlackTurnReader.ReadEvent(Envelope(new() { ["type"] = "message", ["subtype"] = "message_changed", ["channel_type"] = "im", ["channel"] = "D1", ["user"] = "U1" })));
        Assert.Null(SlackTurnReader.ReadEvent(new JsonObject { ["event"] = new JsonObject { ["type"] = "message", ["user"] = "U1" } }));
        Assert.Null(SlackTurnReader.ReadInteraction(new JsonObject { ["type"] = "block_actions", ["user"] = "U1" }));
        Assert.Null(SlackTurnReader.ReadInteraction(new JsonObject { ["type"] = "shortcut", ["user"] = new JsonObject { ["id"] = "U1" } }));
        Assert.NotNull(SlackTurnReader.ReadEvent(Envelope(new() { ["type"] = "message", ["channel_type"] = "im", ["channel"] = "D1", ["user"] = "U1", ["text"] = "enroll" })));
    }
}
