using System.Text.Json;
using System.Text.Json.Nodes;
using MfaBot.Cards;

namespace MfaBot.Tests.Cards;

public class TemplateBinderTests
{
    private static JsonObject Bind(string template, string data)
    {
        using var document = JsonDocument.Parse(template);
        return TemplateBinder.Bind(document.RootElement, JsonNode.Parse(data)!.AsObject());
    }

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual.ToJsonString()}");

    [Fact]
    public void Whole_value_expressions_keep_the_json_type()
    {
        var result = Bind(
            """{"n":"${n}","b":"${b}","s":"${s}","o":"${o}","a":"${a}","d":"${x.y.z}","i":"${a.1}"}""",
            """{"n":3.5,"b":false,"s":"text","o":{"k":[1]},"a":[1,"two"],"x":{"y":{"z":7}}}""");
        AssertJson("""{"n":3.5,"b":false,"s":"text","o":{"k":[1]},"a":[1,"two"],"d":7,"i":"two"}""", result);
    }

    [Fact]
    public void Expressions_inside_text_become_the_value_text_and_missing_ones_empty()
    {
        var result = Bind(
            """{"t":"n=${n} b=${b} s=${s} deep=${x.y} gone=[${nope}] ${s}${s}"}""",
            """{"n":42,"b":true,"s":"hi","x":{"y":"z"}}""");
        AssertJson("""{"t":"n=42 b=true s=hi deep=z gone=[] hihi"}""", result);
    }

    [Fact]
    public void A_missing_or_null_whole_value_removes_the_property_or_array_element()
    {
        var result = Bind("""{"keep":"${a}","gone":"${nope}","nulled":"${n}","list":["${a}","${nope}","${a}"],"literal":null}""",
            """{"a":1,"n":null}""");
        AssertJson("""{"keep":1,"list":[1,1],"literal":null}""", result);
    }

    [Fact]
    public void Text_that_only_looks_like_an_expression_is_left_alone()
    {
        var result = Bind("""{"a":"${{BOT_ID}}","b":"$5 and ${ x }","c":"${a-b}","d":"${}"}""", "{}");
        AssertJson("""{"a":"${{BOT_ID}}","b":"$5 and ${ x }","c":"${a-b}","d":"${}"}""", result);
    }

    [Theory]
    [InlineData("""{}""", false)]
    [InlineData("""{"v":false}""", false)]
    [InlineData("""{"v":null}""", false)]
    [InlineData("""{"v":""}""", false)]
    [InlineData("""{"v":[]}""", false)]
    [InlineData("""{"v":true}""", true)]
    [InlineData("""{"v":"x"}""", true)]
    [InlineData("""{"v":[0]}""", true)]
    [InlineData("""{"v":0}""", true)]
    [InlineData("""{"v":{}}""", true)]
    public void When_drops_objects_whose_value_is_missing_false_null_empty_text_or_empty_array(string data, bool kept)
    {
        var result = Bind("""{"items":[{"id":"a","$when":"${v}"},{"id":"b","$when":"${!v}"}],"inner":{"$when":"${v}","x":1}}""", data);
        var ids = result["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToArray();
        Assert.Equal(kept ? ["a"] : new[] { "b" }, ids);
        Assert.Equal(kept, result.ContainsKey("inner"));
        Assert.DoesNotContain("$when", result.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Data_repeats_an_array_element_per_item_with_the_item_as_scope_and_root_reachable()
    {
        var result = Bind(
            """
            {"rows":[
              {"type":"Header","text":"${title}"},
              {"$data":"${people}","name":"${name}","label":"${$root.title}: ${name}","me":"${$data.name}","$when":"${active}"},
              {"type":"Footer"}
            ]}
            """,
            """{"title":"Team","people":[{"name":"Ana","active":true},{"name":"Bo","active":false},{"name":"Cy","active":true}]}""");
        AssertJson("""
            {"rows":[
              {"type":"Header","text":"Team"},
              {"name":"Ana","label":"Team: Ana","me":"Ana"},
              {"name":"Cy","label":"Team: Cy","me":"Cy"},
              {"type":"Footer"}
            ]}
            """, result);
    }

    [Theory]
    [InlineData("""{"list":["a","b"]}""", """{"x":[{"v":"a"},{"v":"b"}]}""")]
    [InlineData("""{"list":{"name":"one"}}""", """{"x":[{"v":{"name":"one"}}]}""")]
    [InlineData("""{"list":[]}""", """{"x":[]}""")]
    [InlineData("""{}""", """{"x":[]}""")]
    public void Data_binds_arrays_of_plain_values_a_single_object_once_and_nothing_for_no_items(string data, string expected)
    {
        AssertJson(expected, Bind("""{"x":[{"$data":"${list}","v":"${$data}"}]}""", data));
    }

    [Fact]
    public void Data_outside_an_array_is_a_template_error()
    {
        Assert.Throws<InvalidOperationException>(() => Bind("""{"o":{"$data":"${list}"}}""", """{"list":[1]}"""));
    }

    [Fact]
    public void User_text_cannot_inject_json_or_expressions()
    {
        const string hostile = "\"}]},{\"type\":\"Action.OpenUrl\",\"url\":\"https://evil.example\"}]} ${secret} ${$root.secret}";
        var data = new JsonObject { ["userName"] = hostile, ["secret"] = "JBSWY3DPEHPK3PXP" };
        using var template = JsonDocument.Parse("""{"body":[{"type":"TextBlock","text":"Hello ${userName}"},{"type":"TextBlock","text":"${userName}"}]}""");

        var result = TemplateBinder.Bind(template.RootElement, data);

        var reparsed = JsonNode.Parse(result.ToJsonString())!;
        var body = reparsed["body"]!.AsArray();
        Assert.Equal(2, body.Count);
        Assert.Equal("Hello " + hostile, body[0]!["text"]!.GetValue<string>());
        Assert.Equal(hostile, body[1]!["text"]!.GetValue<string>());
        Assert.DoesNotContain("JBSWY3DPEHPK3PXP", result.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bound_values_are_copies_so_data_can_be_reused_and_stays_unchanged()
    {
        var data = JsonNode.Parse("""{"o":{"k":"v"}}""")!.AsObject();
        using var template = JsonDocument.Parse("""{"a":"${o}","b":"${o}"}""");
        var first = TemplateBinder.Bind(template.RootElement, data);
        first["a"]!["k"] = "changed";
        var second = TemplateBinder.Bind(template.RootElement, data);
        AssertJson("""{"a":{"k":"v"},"b":{"k":"v"}}""", second);
        AssertJson("""{"o":{"k":"v"}}""", data);
    }
}
