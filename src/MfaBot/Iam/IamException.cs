using System.Net;

namespace MfaBot.Iam;

/// <summary>
/// An IAM call failed. <see cref="Code"/> is IAM's error code (see <see cref="IamErrorCodes"/>), or a client-side
/// code when no usable reply came back. The message is built from IAM's own message with request secrets scrubbed.
/// </summary>
public sealed class IamException : Exception
{
    public IamException(string action, string code, string message, string? requestId, HttpStatusCode? statusCode,
        Exception? innerException = null)
        : base(Describe(action, code, message, requestId, statusCode), innerException)
    {
        Action = action;
        Code = code;
        ServerMessage = message;
        RequestId = requestId;
        StatusCode = statusCode;
    }

    /// <summary>The Query API action, e.g. "EnableMFADevice".</summary>
    public string Action { get; }

    public string Code { get; }

    /// <summary>IAM's message (scrubbed), without the decoration of <see cref="Exception.Message"/>.</summary>
    public string ServerMessage { get; }

    public string? RequestId { get; }

    /// <summary>The HTTP status of IAM's reply; null when there was none (transport failure, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>How many attempts were sent.</summary>
    public int Attempts { get; set; } = 1;

    /// <summary>Earlier attempts that ended without a clear answer (no reply, a server failure): one may have been applied.</summary>
    public int UnclearAttempts { get; set; }

    /// <summary>
    /// No answer says whether IAM applied the call: no reply, a server failure, or a refusal after an unclear attempt
    /// (the retry may be refused because that attempt was applied: EntityAlreadyExists, used codes). A retry after
    /// throttling alone is not unclear: IAM refused the throttled attempt before acting.
    /// </summary>
    public bool MayHaveApplied => StatusCode is null || (int)StatusCode >= 500 || UnclearAttempts > 0;

    private static string Describe(string action, string code, string message, string? requestId, HttpStatusCode? status) =>
        $"IAM {action} failed: {code}{(status is { } s ? $" (HTTP {(int)s})" : "")}: {message}" +
        (requestId is null ? "" : $" [request id {requestId}]");
}

/// <summary>Error codes the bot reacts to. IAM's own codes, then client-side ones.</summary>
public static class IamErrorCodes
{
    public const string InvalidAuthenticationCode = "InvalidAuthenticationCode";
    public const string EntityAlreadyExists = "EntityAlreadyExists";
    public const string EntityTemporarilyUnmodifiable = "EntityTemporarilyUnmodifiable";
    public const string NoSuchEntity = "NoSuchEntity";
    public const string LimitExceeded = "LimitExceeded";
    public const string DeleteConflict = "DeleteConflict";
    public const string ConcurrentModification = "ConcurrentModification";
    public const string InvalidInput = "InvalidInput";
    public const string ValidationError = "ValidationError";
    public const string Throttling = "Throttling";
    public const string ServiceFailure = "ServiceFailure";
    public const string ServiceUnavailable = "ServiceUnavailable";
    public const string AccessDenied = "AccessDenied";
    public const string SignatureDoesNotMatch = "SignatureDoesNotMatch";
    public const string InvalidClientTokenId = "InvalidClientTokenId";
    public const string ReportNotPresent = "ReportNotPresent";
    public const string ReportExpired = "ReportExpired";
    public const string ReportInProgress = "ReportInProgress";

    /// <summary>Client-side: no reply after all attempts (connection failure).</summary>
    public const string RequestFailed = "RequestFailed";

    /// <summary>Client-side: every attempt ran past Iam:RequestTimeout.</summary>
    public const string RequestTimeout = "RequestTimeout";

    /// <summary>Client-side: the reply was not the IAM XML expected.</summary>
    public const string InvalidResponse = "InvalidResponse";

    /// <summary>Client-side: the default credential chain yielded no credentials in time.</summary>
    public const string CredentialsUnavailable = "CredentialsUnavailable";

    /// <summary>True for a reply telling that the request's signing time is too far from the server's clock.</summary>
    public static bool IsClockSkew(string code, string? message) =>
        code is "RequestExpired" or "RequestTimeTooSkewed" or "RequestInTheFuture"
        || (code is SignatureDoesNotMatch or "InvalidSignatureException" && message is not null
            && (message.Contains("Signature expired", StringComparison.OrdinalIgnoreCase)
                || message.Contains("Signature not yet current", StringComparison.OrdinalIgnoreCase)));

    /// <summary>True for replies worth retrying with backoff: throttling and server-side failures.</summary>
    public static bool IsTransient(HttpStatusCode status, string? code) =>
        (int)status >= 500 || IsThrottling(status, code) || code is ServiceFailure or ServiceUnavailable;

    /// <summary>True when AWS limited the request rate (it refused the request without acting).</summary>
    public static bool IsThrottling(HttpStatusCode? status, string? code) =>
        status == HttpStatusCode.TooManyRequests || code is Throttling or "ThrottlingException" or "RequestThrottled";
}
