using MfaBot.Tests.Support;

namespace MfaBot.Tests.Cards;

/// <summary>The repository checkout the tests run from, and the offline JS validators in tests/js.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MfaBot.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no MfaBot.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs tests/js/&lt;script&gt; with node; its exit code says valid (0) or not, stdout names the problems.</summary>
    public static Task<ExternalTool.Result> RunValidatorAsync(string script, params string[] files)
    {
        if (!Directory.Exists(PathOf("tests", "js", "node_modules")))
            throw new InvalidOperationException("tests/js/node_modules is missing: run ./test.sh or `npm ci --prefix tests/js`");
        return ExternalTool.RunAsync("node", [PathOf("tests", "js", script), .. files], workingDirectory: Root);
    }
}
