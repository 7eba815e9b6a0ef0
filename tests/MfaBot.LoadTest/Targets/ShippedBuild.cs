using System.Diagnostics;

namespace MfaBot.LoadTest.Targets;

/// <summary>
/// The bot as the Dockerfile ships it: a ReadyToRun publish for linux-x64 on the shared runtime (the Dockerfile's
/// publish arguments, kept in step with it by hand). The Development settings are copied beside it because the harness
/// runs the demo; the image leaves them out.
/// </summary>
public static class ShippedBuild
{
    public static async Task<string> PublishAsync(string folder, TextWriter output)
    {
        var project = Path.Combine(RepoPaths.Root, "src", "MfaBot", "MfaBot.csproj");
        var started = Stopwatch.StartNew();
        using var publish = Process.Start(new ProcessStartInfo("dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-p:UseAppHost=false", "-o", folder, "-v", "q", "-nologo"])
        { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var log = Task.WhenAll(publish.StandardOutput.ReadToEndAsync(), publish.StandardError.ReadToEndAsync());
        await publish.WaitForExitAsync();
        var printed = await log;
        if (publish.ExitCode != 0) throw new InvalidOperationException($"dotnet publish (ReadyToRun) failed with exit code {publish.ExitCode}:\n{string.Concat(printed)}");
        File.Copy(Path.Combine(RepoPaths.Root, "appsettings.Development.json"), Path.Combine(folder, "appsettings.Development.json"), overwrite: true);
        output.WriteLine($"published the shipped build (ReadyToRun) in {started.Elapsed.TotalSeconds:F0} s");
        return Path.Combine(folder, "MfaBot.dll");
    }
}
