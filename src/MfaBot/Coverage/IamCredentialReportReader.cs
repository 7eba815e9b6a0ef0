using MfaBot.Iam;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Coverage;

/// <summary>
/// Reads IAM's credential report: GenerateCredentialReport until COMPLETE (IAM reuses a report younger than four hours),
/// then GetCredentialReport, parsed as it streams in. AccessDenied on either call switches to <see cref="UserListing"/>.
/// </summary>
public sealed partial class IamCredentialReportReader(IIamGateway iam, IOptions<IamOptions> options, TimeProvider time,
    ILogger<IamCredentialReportReader> logger) : ICredentialReportReader
{
    private readonly IamOptions _options = options.Value;

    public async Task<CredentialInventory> OpenAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await OpenReportAsync(cancellationToken);
        }
        catch (IamException e) when (e.Code == IamErrorCodes.AccessDenied)
        {
            ReportDenied(logger, e.Action);
            return UserListing.Open(iam, time, cancellationToken);
        }
    }

    private async Task<CredentialInventory> OpenReportAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + _options.CredentialReportTimeout;
        while (true)
        {
            await GenerateUntilCompleteAsync(deadline, cancellationToken);
            try
            {
                var content = await iam.GetCredentialReportAsync(cancellationToken);
                return new CredentialInventory(CredentialSource.CredentialReport,
                    CredentialReportParser.ParseAsync(content.Csv, cancellationToken), () => content.GeneratedTime, content);
            }
            catch (IamException e) when (e.Code is IamErrorCodes.ReportInProgress or IamErrorCodes.ReportExpired or IamErrorCodes.ReportNotPresent
                && time.GetUtcNow() < deadline)
            {
                // Someone started a newer report, or ours expired between the two calls: generate (or wait) again.
                await Task.Delay(_options.CredentialReportPollInterval, time, cancellationToken);
            }
        }
    }

    private async Task GenerateUntilCompleteAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (await iam.GenerateCredentialReportAsync(cancellationToken) != CredentialReportState.Complete)
        {
            if (time.GetUtcNow() >= deadline)
            {
                throw new IamException("GenerateCredentialReport", IamErrorCodes.RequestTimeout,
                    $"The credential report was not complete within Iam:CredentialReportTimeout ({_options.CredentialReportTimeout}).", null, null);
            }
            await Task.Delay(_options.CredentialReportPollInterval, time, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning,
        Message = "IAM {Action} is denied by policy; reading credential coverage with ListUsers + ListMFADevices instead (one call per user)")]
    private static partial void ReportDenied(ILogger logger, string action);
}
