namespace MfaBot.LoadTest.Report;

/// <summary>Replaces the text between two markers in docs/BENCHMARKS.md (or appends it), leaving the rest as written by hand.</summary>
public static class DocsSection
{
    public static void Write(string docsFolder, string begin, string end, string markdown)
    {
        var path = Path.Combine(docsFolder, "BENCHMARKS.md");
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var (from, to) = (text.IndexOf(begin, StringComparison.Ordinal), text.IndexOf(end, StringComparison.Ordinal));
        text = from >= 0 && to > from ? text[..from] + markdown.TrimEnd('\n') + text[(to + end.Length)..] : text.TrimEnd('\n') + "\n\n" + markdown;
        File.WriteAllText(path, text);
    }
}
