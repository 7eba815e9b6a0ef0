using Microsoft.Extensions.Logging;

namespace MfaBot.Iam;

/// <summary>The gateway's log lines: action, outcome, attempts, request id. Never a parameter or a body.</summary>
internal static partial class IamLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug,
        Message = "IAM {Action} answered HTTP {Status} after {Attempts} attempt(s) in {ElapsedMs:0} ms, request id {RequestId}")]
    public static partial void Succeeded(ILogger logger, string action, int status, int attempts, double elapsedMs, string? requestId);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
        Message = "IAM {Action} failed with {Code} (HTTP {Status}) after {Attempts} attempt(s) in {ElapsedMs:0} ms, request id {RequestId}")]
    public static partial void Failed(ILogger logger, string action, string code, int? status, int attempts, double elapsedMs, string? requestId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug,
        Message = "IAM {Action} attempt {Attempt} got {Reason}; retrying in {DelayMs:0} ms")]
    public static partial void Retrying(ILogger logger, string action, int attempt, string reason, double delayMs);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning,
        Message = "IAM {Action}: the server's clock is {OffsetSeconds:0} s from ours (signature expired); signing with the corrected time from now on")]
    public static partial void ClockSkewCorrected(ILogger logger, string action, double offsetSeconds);
}
