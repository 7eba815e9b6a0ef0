using System.Text.Json.Nodes;
using MfaBot.Cards;
using MfaBot.Channels.BotFramework.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Cards;

public sealed class CardTemplatesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mfabot-cards-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string channel, string name, string json)
    {
        Directory.CreateDirectory(Path.Combine(_folder, channel));
        var path = Path.Combine(_folder, channel, name + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Binds_a_template_from_the_channel_folder()
    {
        Write("teams", "hello", """{"type":"AdaptiveCard","body":[{"type":"TextBlock","text":"Hi ${name}"}]}""");
        Write("slack", "hello", """{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"Hey ${name}"}}]}""");
        var templates = new CardTemplates(_folder);

        var teams = templates.Bind("teams", "hello", new JsonObject { ["name"] = "Ana" });
        var slack = templates.Bind("slack", "hello", new JsonObject { ["name"] = "Ana" });

        Assert.Equal("Hi Ana", teams["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Hey Ana", slack["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Parses_each_template_once_and_never_lets_a_result_change_the_cache()
    {
        var path = Write("teams", "card", """{"text":"${v}","list":[{"$data":"${items}","n":"${$data}"}]}""");
        var templates = new CardTemplates(_folder);

        var first = templates.Bind("teams", "card", JsonNode.Parse("""{"v":"one","items":[1,2]}""")!.AsObject());
        first["text"] = "tampered";
        first["list"]!.AsArray().Add(new JsonObject { ["injected"] = true });
        File.WriteAllText(path, """{"text":"file changed on disk"}""");
        var second = templates.Bind("teams", "card", JsonNode.Parse("""{"v":"two","items":[3]}""")!.AsObject());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"text":"two","list":[{"n":3}]}"""), second), second.ToJsonString());
        var fresh = new CardTemplates(_folder).Bind("teams", "card", []);
        Assert.Equal("file changed on disk", fresh["text"]!.GetValue<string>());
    }

    [Fact]
    public void Concurrent_binds_all_get_the_same_result()
    {
        Write("teams", "card", """{"a":[{"$data":"${xs}","x":"${$data}","r":"${$root.tag}"}]}""");
        var templates = new CardTemplates(_folder);
        var results = new string[64];
        Parallel.For(0, results.Length, i =>
            results[i] = templates.Bind("teams", "card", JsonNode.Parse("""{"xs":[1,2,3],"tag":"t"}""")!.AsObject()).ToJsonString());
        Assert.All(results, r => Assert.Equal("""{"a":[{"x":1,"r":"t"},{"x":2,"r":"t"},{"x":3,"r":"t"}]}""", r));
    }

    [Fact]
    public void A_template_binding_cannot_change_comes_out_as_binding_would_write_it_and_stays_unchanged()
    {
        const string template = """{"type":"AdaptiveCard","n":1.50,"no":null,"t":true,"s":"caf\u00e9 \"<&>\" \n","list":[1,{"a":"b"},[]]}""";
        var path = Write("teams", "fixed", template);
        var templates = new CardTemplates(_folder);
        var bound = TemplateBinder.Bind(System.Text.Json.JsonDocument.Parse(template).RootElement, []).ToJsonString(BotFrameworkJson.Options);

        var first = templates.Bind("teams", "fixed", new JsonObject { ["ignored"] = "x" });
        Assert.Equal(bound, first.ToJsonString(BotFrameworkJson.Options));
        first["type"] = "tampered";
        first["list"]!.AsArray().Add(new JsonObject { ["injected"] = true });
        File.WriteAllText(path, """{"text":"file changed on disk"}""");

        Assert.Equal(bound, templates.Bind("teams", "fixed", []).ToJsonString(BotFrameworkJson.Options));
    }

    [Theory]
    [InlineData("teams")]
    [InlineData("slack")]
    public void The_help_card_needs_no_binding_and_comes_out_as_binding_would_write_it(string channel)
    {
        var templates = new CardTemplates();
        var template = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(templates.Folder, channel, "help.json"))).RootElement;

        Assert.True(TemplateBinder.IsFixed(template));
        Assert.Equal(TemplateBinder.Bind(template, []).ToJsonString(BotFrameworkJson.Options),
            templates.Bind(channel, "help", []).ToJsonString(BotFrameworkJson.Options));
    }

    [Theory]
    [InlineData("""{"a":"${x}"}""")]
    [InlineData("""{"a":["no","Hi ${x}!"]}""")]
    [InlineData("""{"a":{"$when":"yes","b":1}}""")]
    [InlineData("""{"a":[{"$data":"[]","b":1}]}""")]
    public void A_template_with_an_expression_when_or_data_is_bound(string template) =>
        Assert.False(TemplateBinder.IsFixed(System.Text.Json.JsonDocument.Parse(template).RootElement));

    [Theory]
    [InlineData("teams", "../secret")]
    [InlineData("..", "card")]
    [InlineData("teams", "a/b")]
    [InlineData("Teams", "card")]
    [InlineData("teams", "")]
    [InlineData("teams", "card\n")]
    [InlineData("teams", "card.json")]
    public void Rejects_names_that_are_not_plain_template_names(string channel, string name)
    {
        Write("teams", "card", "{}");
        Assert.Throws<ArgumentException>(() => new CardTemplates(_folder).Bind(channel, name, []));
    }

    [Fact]
    public void A_missing_or_non_object_template_is_a_clear_error()
    {
        Write("teams", "list", "[1,2]");
        var templates = new CardTemplates(_folder);
        var missing = Assert.Throws<FileNotFoundException>(() => templates.Bind("teams", "nope", []));
        Assert.Contains("teams/nope", missing.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => templates.Bind("teams", "list", []));
    }

    [Fact]
    public void Is_registered_as_a_singleton_reading_the_cards_copied_next_to_the_app()
    {
        using var provider = new ServiceCollection().AddCardTemplates().BuildServiceProvider();
        var templates = provider.GetRequiredService<CardTemplates>();

        Assert.Same(templates, provider.GetRequiredService<CardTemplates>());
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "cards"), templates.Folder);
        var card = templates.Bind("teams", "welcome", new JsonObject { ["name"] = "Ana" });
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
    }
}
