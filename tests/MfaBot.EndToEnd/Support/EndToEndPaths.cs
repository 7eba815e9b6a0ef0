using System.Reflection;

namespace MfaBot.EndToEnd.Support;

/// <summary>Where the pieces of an end-to-end run live on this machine.</summary>
public static class EndToEndPaths
{
    /// <summary>Debian's Chromium; Playwright never downloads a browser of its own here.</summary>
    public const string Chromium = "/usr/bin/chromium";

    public static string MfaBotDll { get; } = Metadata("MfaBotDll");

    public static string RepoRoot { get; } = Metadata("RepoRoot");

    /// <summary>The Microsoft 365 Agents Playground, pinned in tool/package-lock.json and installed by test.sh with npm ci.</summary>
    public static string PlaygroundCli { get; } = Path.Combine(ToolModules, "@microsoft", "m365agentsplayground", "cli.js");

    /// <summary>axe-core, pinned beside the playground: the accessibility rules run on the rendered cards.</summary>
    public static string AxeScript { get; } = Path.Combine(ToolModules, "axe-core", "axe.min.js");

    private static string ToolModules => Path.Combine(RepoRoot, "tests", "MfaBot.EndToEnd", "tool", "node_modules");

    /// <summary>Kept screenshots and logs of failed runs (TestResults/ is ignored by git).</summary>
    public static string ArtifactsRoot { get; } =
        Environment.GetEnvironmentVariable("MFABOT_E2E_ARTIFACTS") is { Length: > 0 } dir ? dir : Path.Combine(RepoRoot, "TestResults", "e2e");

    private static string Metadata(string key) =>
        typeof(EndToEndPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing");
}
