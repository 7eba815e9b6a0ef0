using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MfaBot.Cards;

/// <summary>
/// The card templates under <c>cards/&lt;channel&gt;/&lt;name&gt;.json</c> (Adaptive Cards for Teams, Block Kit for
/// Slack), each parsed once and cached read-only, bound with data by <see cref="TemplateBinder"/>. A template that binding
/// cannot change (no expression, no <c>$when</c> or <c>$data</c>, such as help) is not bound per turn: its result is a
/// fresh <see cref="JsonObject"/> over the cached template, which copies itself only when a caller changes it and is
/// otherwise written out straight from the parsed template.
/// </summary>
public sealed partial class CardTemplates
{
    private readonly ConcurrentDictionary<string, Lazy<Template>> cache = new(StringComparer.Ordinal);

    /// <param name="IsFixed">Binding gives the template itself, whatever the data (<see cref="TemplateBinder.IsFixed"/>).</param>
    private sealed record Template(JsonElement Element, bool IsFixed);

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
    public JsonObject Bind(string channelFolder, string name, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var template = Find(channelFolder, name);
        return template.IsFixed ? JsonObject.Create(template.Element)! : TemplateBinder.Bind(template.Element, data);
    }

    private Template Find(string channelFolder, string name)
    {
        CheckName(channelFolder, nameof(channelFolder));
        CheckName(name, nameof(name));
        // Lazy makes "parsed once" hold even when two turns ask for a new template at the same moment.
        return cache.GetOrAdd($"{channelFolder}/{name}", key => new Lazy<Template>(() => Load(key))).Value;
    }

    private Template Load(string key)
    {
        var path = Path.Combine(Folder, key + ".json");
        if (!File.Exists(path)) throw new FileNotFoundException($"no card template '{key}' in {Folder}", path);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"card template '{key}' is not a JSON object");
        var element = document.RootElement.Clone();
        return new Template(element, TemplateBinder.IsFixed(element));
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
