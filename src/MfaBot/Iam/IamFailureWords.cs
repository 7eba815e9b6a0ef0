using System.Net;

namespace MfaBot.Iam;

/// <summary>
/// What a person reads when an IAM call failed: that it was AWS, what happened, and when to try again. The callers
/// add whether anything changed, which only they know.
/// </summary>
public static class IamFailureWords
{
    /// <summary>"AWS is limiting requests right now (Throttling)", "AWS did not answer in time", …</summary>
    public static string What(IamException e) => Kind(e) switch
    {
        FailureKind.Throttled => $"AWS is limiting how fast requests are made right now ({e.Code})",
        FailureKind.NoAnswer => e.Code == IamErrorCodes.RequestTimeout ? "AWS did not answer in time" : "the connection to AWS was lost before it answered",
        FailureKind.AwsFault => $"AWS had a failure on its side ({e.Code})",
        FailureKind.Access => $"AWS refused my access ({e.Code})",
        FailureKind.AnswerLost => $"AWS's answer to my first try was lost and it refused the next ({e.Code})",
        _ => $"AWS refused the request ({e.Code})",
    };

    /// <summary>When to try again (typing <paramref name="command"/>, if given), or whom to ask when trying again will not help.</summary>
    public static string Retry(IamException e, string? command = null) => Later(e) is { } later
        ? $"Please {(command is null ? "try again" : $"type **{command}** again")} {later}."
        : $"Trying again won't help: please tell your AWS administrator (error {e.Code}).";

    /// <summary>"in a few minutes" when AWS is throttling, "in a minute" when it failed; null when waiting won't help.</summary>
    public static string? Later(IamException e) => Kind(e) switch
    {
        FailureKind.Throttled => "in a few minutes",
        FailureKind.NoAnswer or FailureKind.AwsFault or FailureKind.AnswerLost => "in a minute",
        _ => null,
    };

    /// <summary>The turn's answer when an IAM failure ended it before any feature could explain it.</summary>
    public static string TurnFailed(IamException e, bool changeSent, string reference) => TurnFailed(What(e), changeSent, Retry(e), reference);

    /// <summary>The turn's answer when AWS KMS, which seals the seeds, failed or did not answer.</summary>
    public static string KmsTurnFailed(bool changeSent, string reference) =>
        TurnFailed("AWS KMS, which keeps your setup's secret encrypted, failed or did not answer", changeSent,
            "Please try again in a minute; if it keeps happening, tell your helpdesk.", reference);

    private static string TurnFailed(string what, bool changeSent, string retry, string reference) =>
        $"Sorry, I couldn't finish this: {what}. " +
        (changeSent ? "Part of it may have been done in AWS before that: type **status** to see where things stand. " : "Nothing was changed on your AWS user. ") +
        $"{retry} (Reference {reference}.)";

    private enum FailureKind { Throttled, NoAnswer, AwsFault, Access, AnswerLost, Refused }

    private static FailureKind Kind(IamException e) => e switch
    {
        _ when IamErrorCodes.IsThrottling(e.StatusCode, e.Code) => FailureKind.Throttled,
        { Code: IamErrorCodes.RequestTimeout or IamErrorCodes.RequestFailed } => FailureKind.NoAnswer,
        { StatusCode: { } s } when (int)s >= 500 => FailureKind.AwsFault,
        { Code: IamErrorCodes.ServiceFailure or IamErrorCodes.ServiceUnavailable or IamErrorCodes.InvalidResponse } => FailureKind.AwsFault,
        { Code: IamErrorCodes.AccessDenied or IamErrorCodes.InvalidClientTokenId or IamErrorCodes.SignatureDoesNotMatch or IamErrorCodes.CredentialsUnavailable }
            => FailureKind.Access,
        { UnclearAttempts: > 0 } => FailureKind.AnswerLost,
        _ => FailureKind.Refused,
    };
}
