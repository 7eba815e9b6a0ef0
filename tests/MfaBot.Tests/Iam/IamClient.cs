using MfaBot.Iam;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.Iam;

/// <summary>The gateway as the bot wires it (AddIamGateway), pointed at a loopback endpoint with the simulator's keys.</summary>
public sealed class IamClient : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private IamClient(ServiceProvider services) => _services = services;

    public IIamGateway Gateway => _services.GetRequiredService<IIamGateway>();

    public MfaBot.Coverage.ICredentialReportReader Reports => _services.GetRequiredService<MfaBot.Coverage.ICredentialReportReader>();

    public IamClockSkew Clock => _services.GetRequiredService<IamClockSkew>();

    public IamCredentialSource Credentials => _services.GetRequiredService<IamCredentialSource>();

    /// <param name="settings">Overrides of "Iam:…" settings.</param>
    public static IamClient Create(Uri endpoint, IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Iam:ServiceUrl"] = endpoint.ToString(),
            ["Iam:AccessKeyId"] = SimulatorServer.AccessKeyId,
            ["Iam:SecretAccessKey"] = SimulatorServer.SecretAccessKey,
            ["Iam:RetryBaseDelay"] = "00:00:00.020",
            ["Iam:RequestTimeout"] = "00:00:10",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if ((logs ?? RecordingLoggerProvider.ForRunLog()) is { } provider) b.AddProvider(provider);
        });
        services.AddIamGateway(configuration.GetSection(IamOptions.Section));
        return new IamClient(services.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
