using System.Text.Json.Nodes;
using MfaBot.Conversation;
using MfaBot.Iam;
using MfaBot.Identity;

namespace MfaBot.Enrollment;

/// <summary>
/// "How to use MFA" under the success card (Teams and Slack): the console sign-in, an
/// ~/.aws/config profile and get-session-token for the person's device, looked up in IAM, never taken from the button.
/// </summary>
public sealed class UsageStep(IIamGateway iam, IdentityMapper identities) : ICardStep
{
    public string Step => Steps.EnrollUsage;

    public async Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct)
    {
        var match = await identities.MapAsync(await context.GetProfileAsync(ct), ct);
        var devices = match.IamUserName is { } iamUser ? await iam.ListMfaDevicesAsync(iamUser, ct) : [];
        if (devices.Count == 0)
        {
            await context.SayAsync("I can't find an MFA device on your AWS user. Type **status** to see where things stand, or **enroll** to set one up.", ct);
            return;
        }
        await context.SendAsync(OutboundMessage.Show("enroll-usage", new JsonObject { ["userName"] = match.IamUserName, ["serialNumber"] = devices[0].SerialNumber }), ct);
    }
}
