using System.Text.Json;
using System.Text.Json.Nodes;

namespace MfaBot.Tests.Slack;

/// <summary>
/// The documented shape of each Web API method MfaBot calls: accepted content types, required arguments,
/// and the Block Kit limits for messages and modals (block and element types, lengths, unique ids).
/// </summary>
public static class SlackApiShapes
{
    private static readonly Dictionary<string, (bool Json, string[] Required)> Methods = new()
    {
        ["chat.postMessage"] = (true, ["channel"]),
        ["chat.update"] = (true, ["channel", "ts"]),
        ["chat.delete"] = (true, ["channel", "ts"]),
        ["conversations.open"] = (true, []),
        ["users.info"] = (false, ["user"]),
        ["users.lookupByEmail"] = (false, ["email"]),
        ["conversations.members"] = (false, ["channel"]),
        ["views.open"] = (true, ["trigger_id", "view"]),
        ["files.getUploadURLExternal"] = (false, ["filename", "length"]),
        ["files.completeUploadExternal"] = (true, ["files"]),
        ["files.delete"] = (true, ["file"]),
    };

    private static readonly HashSet<string> BlockTypes = ["section", "header", "context", "actions", "divider", "image", "input", "rich_text"];

    public static bool AcceptsJson(string method) => Methods.TryGetValue(method, out var m) && m.Json;

    public static bool IsJsonField(string name) => name is "blocks" or "files" or "view" or "attachments";

    /// <returns>null when the call is well-formed, else Slack-like error text.</returns>
    public static string? Check(string method, JsonObject args)
    {
        if (!Methods.TryGetValue(method, out var spec)) return "unknown_method";
        foreach (var name in spec.Required)
            if (args[name] is null || args[name]!.GetValueKind() == JsonValueKind.String && args[name]!.GetValue<string>().Length == 0)
                return $"invalid_arguments (missing required argument {name})";
        return method switch
        {
            "chat.postMessage" or "chat.update" => CheckMessage(args),
            "conversations.open" => args["users"] is null && args["channel"] is null ? "invalid_arguments (channel or users required)" : null,
            "files.getUploadURLExternal" => int.TryParse(args["length"]!.ToString(), out var n) && n > 0 ? null : "invalid_arguments (length must be a positive integer)",
            "files.completeUploadExternal" => args["files"] is JsonArray { Count: > 0 } files && files.All(f => f?["id"] is not null) ? null : "invalid_arguments (files must be [{id, title?}])",
            "views.open" => args["view"] is JsonObject view ? CheckView(view) : "invalid_arguments (view must be an object)",
            _ => null,
        };
    }

    private static string? CheckMessage(JsonObject args)
    {
        var hasText = args["text"] is JsonValue t && t.GetValueKind() == JsonValueKind.String && t.GetValue<string>().Length > 0;
        if (args["blocks"] is not JsonArray blocks || blocks.Count == 0)
            return hasText ? CheckText(args["text"]!.GetValue<string>(), 40_000) : "no_text";
        // Slack accepts blocks without text but then has nothing for notifications and screen readers.
        if (!hasText) return "invalid_arguments (text is required as the fallback for blocks)";
        return CheckBlocks(blocks, 50);
    }

    private static string? CheckView(JsonObject view)
    {
        if (view["type"]?.ToString() != "modal") return "invalid_arguments (view.type must be modal)";
        var problem = PlainText(view["title"], 24, "view.title") ?? (view["submit"] is null ? null : PlainText(view["submit"], 24, "view.submit"))
            ?? (view["close"] is null ? null : PlainText(view["close"], 24, "view.close"));
        if (problem is not null) return problem;
        if (view["callback_id"]?.ToString() is not { Length: > 0 and <= 255 }) return "invalid_arguments (view.callback_id 1-255 chars)";
        if (view["private_metadata"]?.ToString().Length > 3000) return "invalid_arguments (view.private_metadata over 3000 chars)";
        if (view["blocks"] is not JsonArray blocks) return "invalid_arguments (view.blocks required)";
        if (blocks.Any(b => b?["type"]?.ToString() == "input") && view["submit"] is null) return "invalid_arguments (a modal with inputs needs submit)";
        return CheckBlocks(blocks, 100);
    }

    private static string? CheckBlocks(JsonArray blocks, int max)
    {
        if (blocks.Count > max) return $"invalid_blocks (more than {max} blocks)";
        if (blocks.ToJsonString().Contains("${", StringComparison.Ordinal) || blocks.ToJsonString().Contains("\"$when\"", StringComparison.Ordinal))
            return "invalid_blocks (unbound template text)";
        var blockIds = new HashSet<string>();
        foreach (var node in blocks)
        {
            // Block Kit: an action_id must be unique among the action_ids of its block.
            var actionIds = new HashSet<string>();
            if (node is not JsonObject block || block["type"]?.ToString() is not { } type || !BlockTypes.Contains(type)) return "invalid_blocks (unknown block type)";
            if (block["block_id"]?.ToString() is { } blockId && (blockId.Length > 255 || !blockIds.Add(blockId))) return "invalid_blocks (duplicate or long block_id)";
            var problem = type switch
            {
                "header" => PlainText(block["text"], 150, "header.text"),
                "section" => block["text"] is null && block["fields"] is null ? "invalid_blocks (section needs text or fields)"
                    : block["text"] is { } text ? TextObject(text, 3000)
                    : block["fields"] is JsonArray { Count: > 0 and <= 10 } fields ? fields.Select(f => TextObject(f, 2000)).FirstOrDefault(p => p is not null)
                    : "invalid_blocks (section fields 1-10)",
                "context" => block["elements"] is JsonArray { Count: > 0 and <= 10 } elements ? elements.Select(e => TextObject(e, 3000)).FirstOrDefault(p => p is not null) : "invalid_blocks (context elements 1-10)",
                "actions" => block["elements"] is JsonArray { Count: > 0 and <= 25 } buttons ? buttons.Select(b => Element(b, actionIds)).FirstOrDefault(p => p is not null) : "invalid_blocks (actions elements 1-25)",
                "input" => PlainText(block["label"], 2000, "input.label") ?? Element(block["element"], actionIds),
                _ => null,
            };
            if (problem is not null) return problem;
        }
        return null;
    }

    private static string? Element(JsonNode? node, HashSet<string> actionIds)
    {
        if (node is not JsonObject e) return "invalid_blocks (element must be an object)";
        if (e["action_id"]?.ToString() is not { Length: > 0 and <= 255 } actionId || !actionIds.Add(actionId)) return "invalid_blocks (missing, long or duplicate action_id)";
        return e["type"]?.ToString() switch
        {
            "button" => PlainText(e["text"], 75, "button.text") ?? (e["value"]?.ToString().Length > 2000 ? "invalid_blocks (button value over 2000)" : null),
            "plain_text_input" => e["max_length"] is { } max && max.GetValue<int>() > 3000 ? "invalid_blocks (max_length over 3000)" : null,
            _ => "invalid_blocks (unsupported element type)",
        };
    }

    private static string? TextObject(JsonNode? node, int max) =>
        node?["type"]?.ToString() switch
        {
            "mrkdwn" or "plain_text" => CheckText(node["text"]?.ToString() ?? "", max),
            _ => "invalid_blocks (text object needs type mrkdwn or plain_text)",
        };

    private static string? PlainText(JsonNode? node, int max, string where) =>
        node?["type"]?.ToString() == "plain_text" ? CheckText(node["text"]?.ToString() ?? "", max) : $"invalid_blocks ({where} must be plain_text)";

    private static string? CheckText(string text, int max) =>
        text.Length == 0 ? "invalid_blocks (empty text)" : text.Length > max ? $"invalid_blocks (text over {max} chars)" : null;
}
