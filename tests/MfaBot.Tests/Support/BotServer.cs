using MfaBot.Hosting;
using MfaBot.LeakScan.Recording;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.Support;

/// <summary>
/// The real MfaBot app, composed as Program.cs does, in Development (the demo: embedded IAM simulator) on a loopback port. In a test run
/// with MFABOT_TEST_ARTIFACTS its log lines, its simulator's seeds and its data folder go to the suite's secret scan.
/// <c>services</c> lets a test observe the app from inside (an outbound-call recorder, a stand-in remote caller).
/// </summary>
public sealed class BotServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataFolder;

    private readonly OneMessagePerTurn _answers;

    private BotServer(WebApplication app, string baseUrl, string dataFolder, OneMessagePerTurn answers)
    {
        _app = app;
        _answers = answers;
        BaseUrl = baseUrl;
        _dataFolder = dataFolder;
    }

    public string BaseUrl { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BotServer> StartAsync(string dataFolder, TimeProvider? clock = null,
        IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null, Action<IServiceCollection>? services = null)
    {
        var port = FreePort.Next();
        var baseUrl = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateBuilder(MfaBotServices.WebOptions([], Environments.Development));
        var values = new Dictionary<string, string?>
        {
            ["Urls"] = baseUrl,
            ["Storage:DataFolder"] = dataFolder,
            ["IamSimulator:StateFile"] = Path.Combine(dataFolder, "iam-simulator.json"),
            ["Enrollment:SweepInterval"] = "00:00:00.200",
            ["Enrollment:ConfirmDelay"] = "00:00:00.050",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        if ((logs ?? RecordingLoggerProvider.ForRunLog()) is { } provider) builder.Logging.AddProvider(provider);
        var answers = new OneMessagePerTurn();
        builder.Logging.AddProvider(answers);
        builder.AddMfaBot();
        if (clock is not null) builder.Services.AddSingleton(clock);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapMfaBot();
        await app.StartAsync();
        return new BotServer(app, baseUrl, dataFolder, answers);
    }

    private int _disposed;

    /// <summary>
    /// Stops the app; safe to call twice (a test may stop it early to inspect the data folder). Fails the test if any
    /// turn answered with more than one new message.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        SimulatorSeeds.Record(_app.Services);
        await _app.StopAsync();
        await _app.DisposeAsync();
        RunArtifacts.Keep(_dataFolder);
        _answers.Check();
    }
}
