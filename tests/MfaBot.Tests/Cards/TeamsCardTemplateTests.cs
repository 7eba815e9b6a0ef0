using System.Text.Json.Nodes;
using MfaBot.Cards;

namespace MfaBot.Tests.Cards;

/// <summary>The real cards/teams templates, bound as the enrollment feature binds them.</summary>
public sealed class TeamsCardTemplateTests : IDisposable
{
    private readonly CardTemplates _templates = new(RepoFiles.PathOf("cards"));
    private readonly string _out = Directory.CreateTempSubdirectory("mfabot-teams-cards-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => [o, .. o.SelectMany(p => Objects(p.Value))],
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    private static IEnumerable<JsonObject> OfType(JsonNode card, string type) =>
        Objects(card).Where(o => o["type"] is JsonValue t && t.GetValue<string>() == type);

    private static IEnumerable<string> Texts(JsonNode card) =>
        OfType(card, "TextBlock").Select(t => t["text"]!.GetValue<string>());

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public void Every_template_has_samples_and_binds_to_json_with_nothing_left_unbound()
    {
        var files = Directory.GetFiles(RepoFiles.PathOf("cards", "teams"), "*.json").Select(Path.GetFileNameWithoutExtension).Order();
        Assert.Equal(files, TeamsCardSamples.All().Select(s => s.Name).Distinct().Order());
        foreach (var (name, variant, data) in TeamsCardSamples.All())
        {
            var json = _templates.Bind("teams", name, data).ToJsonString();
            Assert.False(json.Contains("${", StringComparison.Ordinal), $"{name} ({variant}) left an expression: {json}");
            Assert.DoesNotContain(Objects(JsonNode.Parse(json)), o => o.ContainsKey("$when") || o.ContainsKey("$data"));
        }
    }

    [Fact]
    public void Times_are_DATE_and_TIME_of_the_instant_for_the_client_to_render_and_no_card_says_UTC()
    {
        foreach (var (name, variant, data) in TeamsCardSamples.All())
            Assert.False(_templates.Bind("teams", name, data).ToJsonString().Contains("UTC", StringComparison.Ordinal), $"{name} ({variant})");

        var helpdesk = _templates.Bind("teams", "reset-request", TeamsCardSamples.ResetRequest("taken"));
        const string Requested = "{{DATE(2026-05-01T09:00:00Z,SHORT)}} {{TIME(2026-05-01T09:00:00Z)}}";
        Assert.Contains($"Reminder: still waiting for a decision since {Requested}.", Texts(helpdesk));
        Assert.Equal(Requested, Text(Fact(helpdesk, "Requested")));
        Assert.Equal("{{DATE(2026-01-02T09:11:00Z,SHORT)}}", Text(Fact(helpdesk, "Enabled")));
        Assert.Contains("Approved by Megan Bowen on {{DATE(2026-05-01T09:30:00Z,SHORT)}} {{TIME(2026-05-01T09:30:00Z)}}. The devices were removed and Alice Example was offered to set up MFA again.",
            Texts(_templates.Bind("teams", "reset-request", TeamsCardSamples.ResetRequest("approved"))));

        Assert.Contains("Enabled {{DATE(2026-01-02T09:11:00Z,SHORT)}}", Texts(_templates.Bind("teams", "status", TeamsCardSamples.Status(hasMfa: true, devices: 1))));
        var invite = _templates.Bind("teams", "campaign-invite", TeamsCardSamples.All().First(s => s.Name == "campaign-invite").Data);
        Assert.Equal("{{DATE(2026-06-30T23:59:59Z,SHORT)}}", Text(Fact(invite, "Deadline")));
    }

    private static JsonNode? Fact(JsonNode card, string title) =>
        Objects(card).First(o => o["title"] is JsonValue t && t.GetValue<string>() == title && o.ContainsKey("value"))["value"];

    [Fact]
    public async Task Every_bound_template_passes_the_adaptivecards_parser_at_schema_1_5()
    {
        var files = TeamsCardSamples.All().Select((s, i) =>
        {
            var path = Path.Combine(_out, $"{i:00}-{s.Name}.json");
            File.WriteAllText(path, _templates.Bind("teams", s.Name, s.Data).ToJsonString());
            return path;
        }).ToArray();

        var result = await RepoFiles.RunValidatorAsync("validate-cards.mjs", files);

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
    }

    [Fact]
    public async Task The_card_validator_rejects_unknown_elements_and_misspelt_properties()
    {
        var path = Path.Combine(_out, "bad.json");
        File.WriteAllText(path, """
            {"type":"AdaptiveCard","version":"1.5","body":[
              {"type":"TextBlok","text":"typo"},
              {"type":"Image","url":"https://example.com/a.png","altTxt":"typo"}]}
            """);

        var result = await RepoFiles.RunValidatorAsync("validate-cards.mjs", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TextBlok", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("altTxt", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Enroll_qr_has_the_qr_the_hidden_key_the_two_code_inputs_and_the_step_actions()
    {
        var card = _templates.Bind("teams", "enroll-qr", TeamsCardSamples.EnrollQr());

        Assert.Equal("Set up MFA for alice", Texts(card).First());
        var image = Assert.Single(OfType(card, "Image"));
        Assert.Equal("https://bot.example.com/qr/3v9Tq2wZ.png", Text(image["url"]));
        Assert.Equal("QR code for your authenticator app", Text(image["altText"]));

        // Shown, not toggled: the renderer's toggles and show-cards fail axe-core (aria-controls, aria-expanded on a div).
        Assert.Empty(OfType(card, "Action.ShowCard"));
        Assert.Empty(OfType(card, "Action.ToggleVisibility"));
        var secret = Assert.Single(OfType(card, "Container"), c => Texts(c).Contains("Can't scan?"));
        var key = Assert.Single(OfType(secret, "TextBlock"), t => Text(t["text"]) == TeamsCardSamples.SeedGroups);
        Assert.Equal("Monospace", Text(key["fontType"]));
        var open = Assert.Single(OfType(secret, "Action.OpenUrl"));
        Assert.Equal(TeamsCardSamples.OtpAuthUrl, Text(open["url"]));

        var inputs = OfType(card, "Input.Text").ToDictionary(i => Text(i["id"]), i => i);
        Assert.Equal(["code1", "code2"], inputs.Keys);
        Assert.Equal("First code", Text(inputs["code1"]["placeholder"]));
        Assert.Equal("Second code", Text(inputs["code2"]["placeholder"]));
        Assert.All(inputs.Values, i => Assert.Equal(7, i["maxLength"]!.GetValue<int>()));
        Assert.All(inputs.Values, i => Assert.False(string.IsNullOrWhiteSpace(Text(i["label"]))));

        var actions = card["actions"]!.AsArray().Select(a => a!.AsObject()).ToArray();
        Assert.Equal(["Verify codes", "Cancel"], actions.Select(a => Text(a["title"])));
        Assert.All(actions, a => Assert.Equal("Action.Submit", Text(a["type"])));
        Assert.Equal("enroll.codes", Text(actions[0]["data"]!["step"]));
        Assert.Equal("enroll.cancel", Text(actions[1]["data"]!["step"]));
        Assert.Equal("none", Text(actions[1]["associatedInputs"]));
        // The client renders the time in the person's own zone; the card never says UTC.
        Assert.Contains(Texts(card), t => t.StartsWith("Expires at {{TIME(2026-05-01T14:35:00Z)}}.", StringComparison.Ordinal));
    }

    [Fact]
    public void Enroll_qr_shows_a_note_only_when_set_and_no_text_in_colour()
    {
        var card = _templates.Bind("teams", "enroll-qr", TeamsCardSamples.EnrollQr("I was interrupted."));
        var plain = _templates.Bind("teams", "enroll-qr", TeamsCardSamples.EnrollQr());

        Assert.Contains("I was interrupted.", Texts(card));
        Assert.DoesNotContain("I was interrupted.", Texts(plain));
        Assert.Contains(Texts(plain), t => t.Contains("send them to me as a message", StringComparison.Ordinal));
        Assert.DoesNotContain(OfType(card, "TextBlock"), t => t.ContainsKey("color"));
    }

    [Fact]
    public void Enroll_qr_keeps_a_hostile_user_name_as_plain_text()
    {
        var data = TeamsCardSamples.EnrollQr();
        data["userName"] = "x\"}],\"actions\":[{\"type\":\"Action.OpenUrl\",\"url\":\"https://evil.example\"}]} ${otpauthUrl}";

        var card = JsonNode.Parse(_templates.Bind("teams", "enroll-qr", data).ToJsonString())!;

        Assert.Equal("Set up MFA for " + Text(data["userName"]), Texts(card).First());
        Assert.Equal(2, card["actions"]!.AsArray().Count);
        Assert.Single(OfType(card, "Action.OpenUrl"));
    }

    [Fact]
    public void Enroll_done_shows_the_arn_whole_in_monospace_and_how_to_use_it_behind_a_button()
    {
        const string arn = "arn:aws:iam::123456789012:mfa/mfabot-alice";
        var (_, _, data) = TeamsCardSamples.All().First(s => s.Name == "enroll-done");
        var card = _templates.Bind("teams", "enroll-done", data);

        Assert.Equal("MFA is on for alice", Texts(card).First());
        Assert.Empty(OfType(card, "FactSet"));
        var body = card["body"]!.AsArray().OfType<JsonObject>().ToList();
        var shown = Assert.Single(body, t => t["text"] is JsonValue v && Text(v) == arn);
        Assert.Equal("Monospace", Text(shown["fontType"]));
        Assert.True(shown["wrap"]!.GetValue<bool>());
        Assert.Contains(body, t => t["text"] is JsonValue v && Text(v).Contains("copy", StringComparison.Ordinal));
        Assert.DoesNotContain(Objects(card), o => o.ContainsKey("color"));

        var usage = Assert.Single(OfType(card, "Action.Submit"));
        Assert.Equal("How to use MFA", Text(usage["title"]));
        Assert.Equal("enroll.usage", Text(usage["data"]!["step"]));
        var details = Texts(_templates.Bind("teams", "enroll-usage", new JsonObject { ["serialNumber"] = arn })).ToList();
        Assert.Contains("mfa_serial = " + arn, details);
        Assert.Contains($"aws sts get-session-token --serial-number {arn} --token-code CODE", details);
        Assert.Contains(details, t => t.Contains("~/.aws/config", StringComparison.Ordinal));
        Assert.Contains(details, t => t.Contains("Sign out and sign in again", StringComparison.Ordinal));
        Assert.DoesNotContain(Texts(card["body"]!), t => t.Contains("get-session-token", StringComparison.Ordinal));
    }

    [Fact]
    public void Enroll_closed_shows_the_reason_and_carries_no_image_key_or_inputs()
    {
        var card = _templates.Bind("teams", "enroll-closed", new JsonObject { ["title"] = "Too many attempts", ["reason"] = "Five wrong codes in a row." });

        Assert.Equal(["Too many attempts", "Five wrong codes in a row."], Texts(card));
        Assert.Empty(OfType(card, "Image"));
        Assert.DoesNotContain(Objects(card), o => o["type"] is JsonValue t && Text(t).StartsWith("Input.", StringComparison.Ordinal));
        Assert.DoesNotContain(Objects(card), o => o["type"] is JsonValue t && Text(t) == "Action.OpenUrl");
    }

    [Theory]
    [InlineData("welcome", new[] { "enroll.start", "status", "reset.start" })]
    [InlineData("help", new[] { "enroll.start" })]
    public void Welcome_and_help_list_the_commands_and_offer_set_up(string name, string[] steps)
    {
        var card = _templates.Bind("teams", name, new JsonObject { ["name"] = "Alice" });

        var commands = OfType(card, "FactSet").SelectMany(f => f["facts"]!.AsArray()).Select(f => Text(f!["title"])).ToArray();
        Assert.Subset(commands.ToHashSet(), new HashSet<string> { "enroll", "status", "cancel", "help" });
        Assert.Equal(steps, card["actions"]!.AsArray().Select(a => Text(a!["data"]!["step"])));
        Assert.Equal("Set up MFA", Text(card["actions"]![0]!["title"]));
        if (name == "welcome") Assert.StartsWith("Hi Alice", Texts(card).First(), StringComparison.Ordinal);
        Assert.Contains("reset", commands);
    }

    [Fact]
    public void Status_shows_each_device_arn_whole_and_offers_set_up_only_without_mfa()
    {
        var on = _templates.Bind("teams", "status", TeamsCardSamples.Status(hasMfa: true, devices: 2));
        var off = _templates.Bind("teams", "status", TeamsCardSamples.Status(hasMfa: false, devices: 0, enrollment: "Setup in progress."));

        var serials = OfType(on, "TextBlock").Where(t => t["fontType"] is JsonValue f && Text(f) == "Monospace").Select(t => Text(t["text"]));
        Assert.Equal(["arn:aws:iam::123456789012:mfa/mfabot-alice-1", "arn:aws:iam::123456789012:mfa/mfabot-alice-2"], serials);
        Assert.Empty(OfType(on, "FactSet"));
        Assert.Contains("✅ MFA is on", Texts(on));
        Assert.DoesNotContain("⚠️ MFA is off", Texts(on));
        Assert.DoesNotContain(Objects(on), o => o.ContainsKey("color"));
        Assert.DoesNotContain(on["actions"]!.AsArray(), a => Text(a!["data"]!["step"]) == "enroll.start");

        Assert.Contains("⚠️ MFA is off", Texts(off));
        Assert.Contains("Setup in progress.", Texts(off));
        Assert.DoesNotContain(OfType(off, "TextBlock"), t => t["fontType"] is not null);
        Assert.Equal("enroll.start", Text(off["actions"]![0]!["data"]!["step"]));
    }

    [Theory]
    [InlineData("reset-request", "open, privileged")]
    [InlineData("reset-confirm", "asking")]
    [InlineData("reset-done", "two devices")]
    public void Reset_cards_show_each_device_arn_whole_in_a_wrapping_monospace_line_never_in_a_fact_set(string name, string variant)
    {
        var card = _templates.Bind("teams", name, TeamsCardSamples.All().Single(s => s.Name == name && s.Variant == variant).Data);

        foreach (var serial in new[] { "arn:aws:iam::123456789012:mfa/mfabot/alice-1", "GAHT12345678" })
        {
            var arn = Assert.Single(OfType(card, "TextBlock"), t => Text(t["text"]) == serial);
            Assert.Equal(("Monospace", true), (Text(arn["fontType"]), arn["wrap"]!.GetValue<bool>()));
            Assert.DoesNotContain(serial, string.Concat(OfType(card, "FactSet").Select(f => f.ToJsonString())), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Reset_request_asks_the_deny_reason_inline_and_denies_with_a_plain_submit()
    {
        var open = _templates.Bind("teams", "reset-request", TeamsCardSamples.ResetRequest("open"));

        // Action.ShowCard renders with aria-expanded on a div, which axe-core reports as critical in the playground.
        Assert.Empty(OfType(open, "Action.ShowCard"));
        var reason = Assert.Single(OfType(open, "Input.Text"));
        Assert.Equal("denyReason", Text(reason["id"]));
        Assert.False(string.IsNullOrWhiteSpace(Text(reason["label"])));
        var actions = open["actions"]!.AsArray().Select(a => a!.AsObject()).ToArray();
        Assert.Equal(["Take", "Approve", "Deny"], actions.Select(a => Text(a["title"])));
        Assert.All(actions, a => Assert.Equal("Action.Submit", Text(a["type"])));
        Assert.Equal("reset.deny", Text(actions[2]["data"]!["step"]));
        Assert.False(actions[2].ContainsKey("associatedInputs"), "Deny sends the typed reason");
        Assert.All(actions[..2], a => Assert.Equal("none", Text(a["associatedInputs"])));

        // Once decided, nothing is left to type.
        var denied = _templates.Bind("teams", "reset-request", TeamsCardSamples.ResetRequest("denied"));
        Assert.Empty(OfType(denied, "Input.Text"));
        Assert.Empty(denied["actions"]?.AsArray() ?? []);
    }
}
