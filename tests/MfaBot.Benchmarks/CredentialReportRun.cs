using System.Diagnostics;
using System.Globalization;
using MfaBot.Coverage;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Benchmarks;

/// <summary>
/// The bot's <see cref="ICredentialReportReader"/> over an account of <c>users</c> users, each with an enabled device:
/// GenerateCredentialReport until COMPLETE, GetCredentialReport streamed, every row parsed (the simulator regenerates on
/// every reading: CredentialReportMaxAge 0). Then the same reading where policy denies the report (ListUsers +
/// one ListMFADevices per user). Client and simulator share the process and its two cores.
/// </summary>
public static class CredentialReportRun
{
    private static readonly Dictionary<string, string?> FastPolling = new() { ["Iam:CredentialReportPollInterval"] = "00:00:00.010" };

    public static async Task RunAsync(int users, int runs)
    {
        var root = Directory.CreateTempSubdirectory("mfabot-credential-report-");
        try
        {
            var stateFile = SimScale.Seed(Path.Combine(root.FullName, "state"), users, 0);
            await using var simulator = await IamRoundTrips.StartSimulatorAsync(stateFile, new Dictionary<string, string?> { ["IamSimulator:CredentialReportMaxAge"] = "00:00:00" });
            await using var services = IamRoundTrips.BuildServices(simulator.Url, FastPolling);
            var reader = services.GetRequiredService<ICredentialReportReader>();

            Console.WriteLine($"Credential report of {users:N0} users + the root (each user with an enabled device), {Environment.ProcessorCount} cores");
            Console.WriteLine("| reading | source | rows | total ms | open ms (generate until COMPLETE + reply headers) | stream + parse ms | allocated MB (client + server) | GC heap after, MB |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
            await ReadAsync(reader, "warm-up", users, print: false);
            for (var run = 1; run <= runs; run++) await ReadAsync(reader, $"report {run}", users, print: true);
            await ParseOnlyAsync(services.GetRequiredService<MfaBot.Iam.IIamGateway>(), runs);

            await using var denied = await IamRoundTrips.StartSimulatorAsync(stateFile, new Dictionary<string, string?> { ["IamSimulator:DeniedActions:0"] = "GetCredentialReport" });
            await using var deniedServices = IamRoundTrips.BuildServices(denied.Url, new Dictionary<string, string?>(FastPolling) { ["Iam:PageSize"] = "1000" });
            await ReadAsync(deniedServices.GetRequiredService<ICredentialReportReader>(), "fallback", users, print: true);
            Console.WriteLine($"load average {SimScale.LoadAverage()}");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>The client's share alone: the same CSV parsed from memory, no HTTP, no simulator.</summary>
    private static async Task ParseOnlyAsync(MfaBot.Iam.IIamGateway iam, int runs)
    {
        using var csv = new MemoryStream();
        await using (var content = await iam.GetCredentialReportAsync()) await content.Csv.CopyToAsync(csv);
        for (var run = 1; run <= runs; run++)
        {
            csv.Position = 0;
            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var rows = 0;
            await foreach (var _ in CredentialReportParser.ParseAsync(csv)) rows++;
            var mb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| parse only {run} ({csv.Length / 1024.0 / 1024:F1} MB CSV in memory) | CredentialReport | {rows:N0} | {clock.Elapsed.TotalMilliseconds:F0} | | | {mb:F0} | |"));
        }
    }

    private static async Task ReadAsync(ICredentialReportReader reader, string label, int users, bool print)
    {
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await using var inventory = await reader.OpenAsync();
        var opened = clock.Elapsed;
        int rows = 0, active = 0;
        await foreach (var row in inventory.Rows)
        {
            rows++;
            if (row.MfaActive) active++;
        }
        var total = clock.Elapsed;
        // Seed gives `users` users with a device and one without.
        if (active != users) throw new InvalidOperationException($"{label}: {active} users with MFA, expected {users}.");
        if (!print) return;
        var mb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {inventory.Source} | {rows:N0} | {total.TotalMilliseconds:F0} | {opened.TotalMilliseconds:F0} | {(total - opened).TotalMilliseconds:F0} | {mb:F0} | {GC.GetTotalMemory(false) / 1024.0 / 1024:F0} |"));
    }
}
