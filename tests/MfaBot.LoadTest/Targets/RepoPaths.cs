namespace MfaBot.LoadTest.Targets;

/// <summary>Where the repository and the built bot are, found from this assembly's location.</summary>
public static class RepoPaths
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string Root { get; } = FindRoot();

    /// <summary>The bot as built alongside this project (same configuration), run with <c>dotnet</c>.</summary>
    public static string BotDll => Path.Combine(Root, "src", "MfaBot", "bin", Configuration, "net10.0", "MfaBot.dll");

    /// <summary>The standalone IAM simulator (src/MfaBot.IamSimulator, built as the bot's reference), run with <c>dotnet</c>.</summary>
    public static string SimulatorDll => Path.Combine(Root, "src", "MfaBot.IamSimulator", "bin", Configuration, "net10.0", "MfaBot.IamSimulator.dll");

    public static string BotbuilderFolder => Path.Combine(Root, "tests", "MfaBot.LoadTest", "botbuilder");

    public static string Docs => Path.Combine(Root, "docs");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MfaBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run from inside the MfaBot repository: MfaBot.sln not found above " + AppContext.BaseDirectory);
    }
}
