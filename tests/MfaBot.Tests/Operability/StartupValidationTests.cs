using System.Diagnostics;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Operability;

/// <summary>A bad setting stops the start with a message that names it (and never echoes a secret).</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Storage:Provider", "Nope", "Storage:Provider")]
    [InlineData("Storage:Provider", "Postgres", "Storage:ConnectionString is required")]
    [InlineData("Storage:ConnectionString", "Host=db;Password=hunter2;Bogus Key=1", "Storage:ConnectionString is not a valid")]
    [InlineData("Storage:Provider", "postgres", "Secrets:Keys must hold at least one key when Storage:Provider is Postgres")]
    [InlineData("Iam:Partition", "mars", "Iam:Partition 'mars' is unknown")]
    [InlineData("Coordination:LeaseDuration", "00:00:00", "Coordination:LeaseDuration")]
    [InlineData("Secrets:ActiveKeyId", "k9", "Secrets:ActiveKeyId")]
    [InlineData("Enrollment:MaxFailedAttempts", "0", "Enrollment:MaxFailedAttempts")]
    [InlineData("BotFramework:MicrosoftAppPassword", "hunter2", "BotFramework:MicrosoftAppId is empty")]
    [InlineData("OpenTelemetry:OtlpEndpoint", "not a url", "OpenTelemetry:OtlpEndpoint")]
    [InlineData("Operability:ReadinessDetails", "Everyone", "Operability:ReadinessDetails must be one of: Loopback, Always, Never")]
    public async Task A_bad_setting_stops_the_app_with_the_setting_named(string setting, string value, string expected)
    {
        using var folder = new TempFolder();
        var settings = new Dictionary<string, string?> { [setting] = value };
        if (setting == "Storage:ConnectionString") settings["Storage:Provider"] = "Postgres";
        if (value == "postgres") settings["Storage:ConnectionString"] = "Host=127.0.0.1;Port=1";

        var e = await Assert.ThrowsAnyAsync<Exception>(async () => await (await BotServer.StartAsync(folder.Path, settings: settings)).DisposeAsync());

        Assert.Contains(expected, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task The_real_process_exits_with_code_1_and_the_bad_setting_named_in_one_line(string environment)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "MfaBot.dll");
        using var folder = new TempFolder();
        var start = new ProcessStartInfo("dotnet", [dll, "--Urls=http://127.0.0.1:0", "--Iam:Partition=mars", $"--Storage:DataFolder={folder.Path}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = folder.Path,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = environment, ["DOTNET_ENVIRONMENT"] = null },
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        var lines = (await stderr + await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var named = Assert.Single(lines, l => l.Contains("Iam:Partition 'mars' is unknown", StringComparison.Ordinal));
        Assert.StartsWith("MfaBot did not start:", named, StringComparison.Ordinal);
        // Production also names what it refuses (no app id, no seed key); Development has nothing else to say.
        if (environment == "Development") Assert.Single(lines);
    }
}
