using System.Net;

namespace MfaBot.IamSimulator.Protocol;

/// <summary>An error IAM reports to the caller; thrown by actions, turned into an ErrorResponse by the pipeline.</summary>
public sealed class IamException(string code, HttpStatusCode status, string message) : Exception(message)
{
    public string Code { get; } = code;

    public HttpStatusCode Status { get; } = status;

    /// <summary>AWS reports "Receiver" for its own faults and "Sender" for the caller's.</summary>
    public string FaultType => (int)Status >= 500 ? "Receiver" : "Sender";

    public static IamException Validation(string message) => new("ValidationError", HttpStatusCode.BadRequest, message);
    public static IamException InvalidInput(string message) => new("InvalidInput", HttpStatusCode.BadRequest, message);
    public static IamException NoSuchEntity(string message) => new("NoSuchEntity", HttpStatusCode.NotFound, message);
    public static IamException AlreadyExists(string message) => new("EntityAlreadyExists", HttpStatusCode.Conflict, message);
    public static IamException LimitExceeded(string message) => new("LimitExceeded", HttpStatusCode.Conflict, message);
    public static IamException DeleteConflict(string message) => new("DeleteConflict", HttpStatusCode.Conflict, message);
    public static IamException InvalidAuthenticationCode(string message) => new("InvalidAuthenticationCode", HttpStatusCode.Forbidden, message);
    public static IamException MissingAction() => new("MissingAction", HttpStatusCode.BadRequest, "Missing Action");
    public static IamException InvalidAction(string action, string version) =>
        new("InvalidAction", HttpStatusCode.BadRequest, $"Could not find operation {action} for version {version}");
    public static IamException MethodNotAllowed(string method) =>
        new("MethodNotAllowed", HttpStatusCode.MethodNotAllowed, $"The HTTP method {method} is not allowed; use POST.");
    public static IamException RequestTooLarge() =>
        new("RequestEntityTooLarge", HttpStatusCode.RequestEntityTooLarge, "Request body is too large.");
    public static IamException MissingAuthenticationToken() =>
        new("MissingAuthenticationToken", HttpStatusCode.Forbidden, "Request is missing Authentication Token");
    public static IamException IncompleteSignature(string message) => new("IncompleteSignature", HttpStatusCode.BadRequest, message);
    public static IamException InvalidClientTokenId() =>
        new("InvalidClientTokenId", HttpStatusCode.Forbidden, "The security token included in the request is invalid.");
    public static IamException SignatureDoesNotMatch(string message) => new("SignatureDoesNotMatch", HttpStatusCode.Forbidden, message);
    public static IamException AccessDenied(string callerArn, string action) =>
        new("AccessDenied", HttpStatusCode.Forbidden, $"User: {callerArn} is not authorized to perform: iam:{action} on resource: *");
    public static IamException ReportNotPresent() =>
        new("ReportNotPresent", HttpStatusCode.Gone, "Credential report does not exist. Use GenerateCredentialReport to generate a report.");
    public static IamException ReportExpired() =>
        new("ReportExpired", HttpStatusCode.Gone, "Credential report has expired. Use GenerateCredentialReport to generate a new report.");
    public static IamException ReportInProgress() =>
        new("ReportInProgress", HttpStatusCode.NotFound, "Credential report is still being generated.");
    public static IamException Throttling() => new("Throttling", HttpStatusCode.BadRequest, "Rate exceeded");
    public static IamException ServiceUnavailable() =>
        new("ServiceUnavailable", HttpStatusCode.ServiceUnavailable, "Service is unable to handle request.");
    public static IamException ServiceFailure() =>
        new("ServiceFailure", HttpStatusCode.InternalServerError, "The request processing has failed because of an unknown error, exception or failure.");
}
