using MfaBot.Configuration;
using MfaBot.Operability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MfaBot.Hosting.Startup;

/// <summary>
/// The start's gate: every setting's type and form, what outside Development refuses, then every options validator.
/// Problems are printed one line each on standard error and the process ends with exit code 1, never a stack trace.
/// </summary>
public sealed class StartupCheck
{
    public const int ExitCode = 1;
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private readonly List<string> _problems = [];
    private readonly bool _typesHold;   // false: binding or composing would throw, so the app is not composed
    private volatile bool _started;

    private StartupCheck(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // The host logs a failed start with a stack trace; until it has started, RunAsync's one line says it instead.
        builder.Logging.AddFilter(HostCategory, level => _started || level < LogLevel.Error);
        _problems.AddRange(SettingTypes.Problems(configuration));
        _problems.AddRange(TelemetryProblems(configuration));
        _problems.AddRange(UrlProblems(configuration["Urls"]));
        _typesHold = _problems.Count == 0;
        _problems.AddRange(ProductionPolicy.Problems(configuration, builder.Environment));
    }

    public IReadOnlyList<string> Problems => [.. _problems.Distinct()];

    /// <summary>Checks what can be checked before anything is bound.</summary>
    public static StartupCheck Begin(WebApplicationBuilder builder) => new(builder);

    /// <summary>Composes the app's services (or maps its endpoints) unless a value would already fail to bind; false: report and stop.</summary>
    public bool Compose(Action compose)
    {
        if (!_typesHold) return false;
        try
        {
            compose();
            return true;
        }
        catch (InvalidOperationException e)
        {
            _problems.Add(e.Message);
            return false;
        }
    }

    /// <summary>Runs every options validator registered with ValidateOnStart; true when nothing at all was found.</summary>
    public bool Passes(WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException e)
        {
            _problems.AddRange(e.Failures);
        }
        catch (AggregateException e)
        {
            foreach (var inner in e.Flatten().InnerExceptions)
                _problems.AddRange(inner is OptionsValidationException v ? v.Failures : [inner.Message]);
        }
        return _problems.Count == 0;
    }

    /// <summary>Prints the problems and gives the exit code.</summary>
    public int Report(TextWriter? error = null)
    {
        error ??= Console.Error;
        foreach (var line in Problems.SelectMany(p => p.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct())
            error.WriteLine("MfaBot did not start: " + line);
        return ExitCode;
    }

    /// <summary>
    /// Runs until stopped. A failure while starting (a port in use, a damaged data folder, a KMS key that does not
    /// exist) is one line too.
    /// </summary>
    public async Task<int> RunAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync();
            _started = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync("MfaBot did not start: " + (e.InnerException is { } inner && e is AggregateException ? inner.Message : e.Message));
            return ExitCode;
        }
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static IEnumerable<string> TelemetryProblems(IConfiguration configuration)
    {
        string? problem = null;
        try
        {
            TelemetryOptions.From(configuration);
        }
        catch (InvalidOperationException e)
        {
            problem = e.Message;
        }
        if (problem is not null) yield return problem;
    }

    internal static IEnumerable<string> UrlProblems(string? urls)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string? problem = null;
            try
            {
                var address = BindingAddress.Parse(url);
                if (address.Scheme is not ("http" or "https")) problem = "the scheme must be http or https";
                else if (address.Host is not ("*" or "+") && Uri.CheckHostName(address.Host.Trim('[', ']')) == UriHostNameType.Unknown)
                    problem = "the host must be a name, an address or *, and the port a number, e.g. http://localhost:3978 or http://[::]:8080";
                else if (address.Port is < 0 or > 65535) problem = "the port must be a number from 0 to 65535";
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                problem = "expected scheme://host:port with a port number, e.g. http://localhost:3978 or http://[::]:8080";
            }
            if (problem is not null) yield return $"Urls '{url}' is not valid: {problem}.";
        }
    }
}
