using System.Diagnostics;
using MfaBot.Iam;
using MfaBot.IamSimulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using MfaBot.LoadTest.Hosting;

namespace MfaBot.Benchmarks;

/// <summary>
/// Signed IAM round trips per second: the bot's real client (SigV4, retries, XML parsing) against the simulator
/// on loopback Kestrel (SigV4 verification, state, XML writing), as many calls in flight as <c>concurrency</c>.
/// </summary>
public static class IamRoundTrips
{
    private const string KeyId = "AKIABENCHMARK0000001";
    private const string Secret = "benchmark-secret-key-for-the-simulator-only";

    public static async Task RunAsync(TimeSpan duration, int[] concurrencies)
    {
        await using var simulator = await StartSimulatorAsync();
        var iam = BuildClient(simulator.Url);
        await iam.GetUserAsync("bench-user");
        Console.WriteLine($"Signed IAM round trips (GetUser and ListMFADevices) on loopback, {Environment.ProcessorCount} cores, {duration.TotalSeconds:F0} s per row");
        Console.WriteLine("| in flight | round trips/s | p50 ms | p99 ms | allocated KB/round trip (client+server) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var concurrency in concurrencies)
        {
            await MeasureAsync(iam, TimeSpan.FromSeconds(1), concurrency); // warm-up
            var (rate, p50, p99, kb) = await MeasureAsync(iam, duration, concurrency);
            Console.WriteLine($"| {concurrency} | {rate:F0} | {p50:F2} | {p99:F2} | {kb:F1} |");
        }
    }

    private static async Task<(double Rate, double P50, double P99, double KbPerCall)> MeasureAsync(IIamGateway iam, TimeSpan duration, int concurrency)
    {
        var latencies = new List<double>[concurrency];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = new List<double>(100_000);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                if ((mine.Count & 1) == 0) await iam.GetUserAsync("bench-user");
                else await iam.ListMfaDevicesAsync("bench-user");
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return (all.Length / elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)], allocated / 1024.0 / all.Length);
    }

    internal static IIamGateway BuildClient(string url) => BuildServices(url).GetRequiredService<IIamGateway>();

    /// <summary>The bot's IAM services (gateway, credential report reader) for the simulator at <paramref name="url"/>.</summary>
    internal static ServiceProvider BuildServices(string url, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Iam:ServiceUrl"] = url,
            ["Iam:AccessKeyId"] = KeyId,
            ["Iam:SecretAccessKey"] = Secret,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddLogging().AddIamGateway(config.GetSection("Iam")).BuildServiceProvider();
    }

    internal sealed record Simulator(WebApplication App, string Url) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    /// <summary>The simulator on a loopback port with the benchmark's access key; with <paramref name="stateFile"/>, persistent.</summary>
    internal static async Task<Simulator> StartSimulatorAsync(string? stateFile = null, IDictionary<string, string?>? settings = null)
    {
        var builder = LoopbackApp.CreateBuilder(isolated: true);
        var values = new Dictionary<string, string?>
        {
            ["IamSimulator:StateFile"] = stateFile,
            ["IamSimulator:Users:0:UserName"] = "bench-user",
            ["IamSimulator:AccessKeys:0:AccessKeyId"] = KeyId,
            ["IamSimulator:AccessKeys:0:SecretAccessKey"] = Secret,
            ["IamSimulator:AccessKeys:0:UserName"] = "bench-user",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddIamSimulator(builder.Configuration.GetSection(IamSimulatorOptions.Section));
        var app = builder.Build();
        app.MapIamSimulator("/");
        return new Simulator(app, await LoopbackApp.StartAsync(app) + "/");
    }
}
