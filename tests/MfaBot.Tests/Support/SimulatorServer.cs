using MfaBot.IamSimulator;
using MfaBot.LeakScan.Recording;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.Support;

/// <summary>The IAM simulator on a real Kestrel port on 127.0.0.1, as the AWS CLI and the client see it.</summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    public const string AccountId = "123456789012";
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private readonly WebApplication _app;
    private readonly string? _stateFolder;

    private SimulatorServer(WebApplication app, Uri endpoint, string? stateFolder)
    {
        _app = app;
        Endpoint = endpoint;
        _stateFolder = stateFolder;
    }

    /// <summary>Base URL including the mount prefix, e.g. http://127.0.0.1:41234/ or …/_iam/.</summary>
    public Uri Endpoint { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Extra "IamSimulator:…" settings, e.g. ["IamSimulator:Faults:ThrottleRate"] = "0.3".</param>
    /// <param name="prefix">Mount path; "/" as standalone, "/_iam" as inside the bot.</param>
    /// <param name="configureServices">Replace services, e.g. a TimeProvider for time travel.</param>
    public static async Task<SimulatorServer> StartAsync(
        IDictionary<string, string?>? settings = null,
        string prefix = "/",
        Action<IServiceCollection>? configureServices = null)
    {
        // Only these settings: the bot's appsettings.json in the test output must not leak in (e.g. a StateFile).
        var builder = LoopbackApp.CreateBuilder(isolated: true);
        var defaults = new Dictionary<string, string?>
        {
            ["IamSimulator:AccountId"] = AccountId,
            ["IamSimulator:Users:0:UserName"] = "my-user",
            ["IamSimulator:Users:1:UserName"] = "alice",
            ["IamSimulator:Users:1:Tags:email"] = "alice@example.com",
            ["IamSimulator:AccessKeys:0:AccessKeyId"] = AccessKeyId,
            ["IamSimulator:AccessKeys:0:SecretAccessKey"] = SecretAccessKey,
            ["IamSimulator:AccessKeys:0:UserName"] = "my-user",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) defaults[k] = v;
        builder.Configuration.AddInMemoryCollection(defaults);
        builder.Services.AddIamSimulator(builder.Configuration.GetSection(IamSimulatorOptions.Section));
        if (RecordingLoggerProvider.ForRunLog() is { } runLog) builder.Logging.AddProvider(runLog);
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapIamSimulator(prefix);
        var address = await LoopbackApp.StartAsync(app);
        var path = prefix.Trim('/');
        var stateFolder = defaults.GetValueOrDefault("IamSimulator:StateFile") is { Length: > 0 } file ? Path.GetDirectoryName(Path.GetFullPath(file)) : null;
        return new SimulatorServer(app, new Uri(address.TrimEnd('/') + "/" + (path.Length == 0 ? "" : path + "/")), stateFolder);
    }

    /// <summary>Stops the app; in a test run with MFABOT_TEST_ARTIFACTS its seeds and state file go to the suite's secret scan.</summary>
    public async ValueTask DisposeAsync()
    {
        SimulatorSeeds.Record(_app.Services);
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_stateFolder is not null) RunArtifacts.Keep(_stateFolder);
    }
}
