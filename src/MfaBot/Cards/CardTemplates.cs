using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MfaBot.Cards;

/// <summary>
/// The card templates under <c>cards/&lt;channel&gt;/&lt;name&gt;.json</c> (Adaptive Cards for Teams, Block Kit for
/// Slack), each parsed once and cached read-only, bound with data by <see cref="TemplateBinder"/>.
/// </summary>
public sealed partial class CardTemplates
{
    private readonly ConcurrentDictionary<string, Lazy<JsonElement>> cache = new(StringComparer.Ordinal);

    /// <summary>Templates from the <c>cards</c> folder that the build copies next to the app.</summary>
    public CardTemplates() : this(Path.Combine(AppContext.BaseDirectory, "cards")) { }

    public CardTemplates(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
    }

    public string Folder { get; }

    /// <summary>Binds <c>cards/{channelFolder}/{name}.json</c> with <paramref name="data"/>; e.g. Bind("teams", "enroll-qr", data).</summary>
    /// <exception cref="ArgumentException">A name that is not lower-case letters, digits and dashes.</exception>
    /// <exception cref="FileNotFoundException">No such template.</exception>
    public JsonObject Bind(string channelFolder, string name, JsonObject data) =>
        TemplateBinder.Bind(Template(channelFolder, name), data);

    private JsonElement Template(string channelFolder, string name)
    {
        CheckName(channelFolder, nameof(channelFolder));
        CheckName(name, nameof(name));
        // Lazy makes "parsed once" hold even when two turns ask for a new template at the same moment.
        return cache.GetOrAdd($"{channelFolder}/{name}", key => new Lazy<JsonElement>(() => Load(key))).Value;
    }

    private JsonElement Load(string key)
    {
        var path = Path.Combine(Folder, key + ".json");
        if (!File.Exists(path)) throw new FileNotFoundException($"no card template '{key}' in {Folder}", path);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"card template '{key}' is not a JSON object");
        return document.RootElement.Clone();
    }

    // Names only ever come from code, but a path separator or ".." must never reach the file system.
    private static void CheckName(string value, string parameter)
    {
        if (value is null || !SafeName().IsMatch(value))
            throw new ArgumentException($"'{value}' is not a card template name (lower-case letters, digits, '-')", parameter);
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
}
