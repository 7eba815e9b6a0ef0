using System.Net;
using MfaBot.Coverage.Chat;
using MfaBot.Enrollment;
using MfaBot.Iam;

namespace MfaBot.Tests.Iam;

/// <summary>
/// Every message a person can get from an IAM failure, for every kind of failure: each names AWS, says whether anything
/// changed (never "nothing was changed" when a change may have gone through) and what to do next, and none blames the bot.
/// </summary>
public sealed class IamFailureWordingTests
{
    /// <summary>Every kind of failure the gateway raises, as the person's turn sees it.</summary>
    public static TheoryData<string, int?, int> Failures() => new()
    {
        { IamErrorCodes.Throttling, 400, 4 },
        { IamErrorCodes.ServiceFailure, 500, 4 },
        { IamErrorCodes.ServiceUnavailable, 503, 4 },
        { IamErrorCodes.RequestTimeout, null, 2 },
        { IamErrorCodes.RequestFailed, null, 4 },
        { IamErrorCodes.EntityAlreadyExists, 409, 2 }, // a retry refused because the unanswered first try was applied
        { IamErrorCodes.AccessDenied, 403, 1 },
        { IamErrorCodes.InvalidClientTokenId, 403, 1 },
        { IamErrorCodes.CredentialsUnavailable, null, 1 },
        { IamErrorCodes.LimitExceeded, 409, 1 },
        { IamErrorCodes.InvalidInput, 400, 1 },
    };

    private static readonly string[] NextSteps = ["try again", "type **", "enter two new codes", "AWS administrator", "nothing more for you to do", "Wait for a fresh code"];

    private static readonly string[] ChangeStatements =
        ["Nothing was changed", "nothing was changed", "may have been done in AWS", "can't tell yet whether", "did not confirm whether"];

    [Theory]
    [MemberData(nameof(Failures))]
    public void Every_IAM_failure_message_names_AWS_what_changed_and_the_next_step(string code, int? status, int attempts)
    {
        var e = new IamException("SomeAction", code, "AWS's own words", "req-1", (HttpStatusCode?)status) { Attempts = attempts, UnclearAttempts = attempts - 1 };
        var messages = new (string Message, bool ChangeMayHaveGoneThrough)[]
        {
            (IamFailureWords.TurnFailed(e, changeSent: false, "turn-1"), false),
            (IamFailureWords.TurnFailed(e, changeSent: true, "turn-1"), true),
            (StartEnrollment.CreateFailedReply(e, unclear: false), false),
            (StartEnrollment.CreateFailedReply(e, unclear: true), false), // an unanswered device is not on the person's user
            (CodeSubmission.NotEnabledReply(e), false),
            (CodeSubmission.UndecidedReply(e.Code), true),
            (CodeSubmission.CodesRefusedReply, false),
            (CoverageAnswers.FailedReply(e, TimeSpan.FromMinutes(5)), false),
            (EnablingRecovery.UnavailableReply, true),
            (IamFailureWords.KmsTurnFailed(changeSent: false, "turn-1"), false),
            (IamFailureWords.KmsTurnFailed(changeSent: true, "turn-1"), true),
        };
        foreach (var (message, mayHaveChanged) in messages)
        {
            Assert.Contains("AWS", message, StringComparison.Ordinal);
            Assert.Contains(NextSteps, s => message.Contains(s, StringComparison.Ordinal));
            Assert.Contains(ChangeStatements, s => message.Contains(s, StringComparison.Ordinal));
            Assert.DoesNotContain("on my side", message, StringComparison.Ordinal);
            if (mayHaveChanged) Assert.DoesNotContain("othing was changed", message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(IamErrorCodes.Throttling, 400, "AWS is limiting how fast requests are made right now (Throttling)", "Please type **enroll** again in a few minutes.")]
    [InlineData(IamErrorCodes.ServiceFailure, 500, "AWS had a failure on its side (ServiceFailure)", "Please type **enroll** again in a minute.")]
    [InlineData(IamErrorCodes.RequestTimeout, null, "AWS did not answer in time", "Please type **enroll** again in a minute.")]
    [InlineData(IamErrorCodes.RequestFailed, null, "the connection to AWS was lost before it answered", "Please type **enroll** again in a minute.")]
    [InlineData(IamErrorCodes.AccessDenied, 403, "AWS refused my access (AccessDenied)", "Trying again won't help: please tell your AWS administrator (error AccessDenied).")]
    public void Each_kind_says_what_AWS_did_and_when_trying_again_helps(string code, int? status, string what, string retry)
    {
        var e = new IamException("GetUser", code, "", null, (HttpStatusCode?)status);
        Assert.Equal(what, IamFailureWords.What(e));
        Assert.Equal(retry, IamFailureWords.Retry(e, "enroll"));
    }
}
