using MfaBot.IamSimulator.Protocol;
using Microsoft.Extensions.Options;

namespace MfaBot.IamSimulator.Auth;

/// <summary>
/// The one policy decision the simulator models: operations listed in <see cref="IamSimulatorOptions.DeniedActions"/>
/// are refused for every caller with AccessDenied, as IAM refuses an action no policy allows.
/// </summary>
public sealed class ActionPolicy(IOptions<IamSimulatorOptions> options)
{
    private readonly HashSet<string> _denied = new(options.Value.DeniedActions, StringComparer.Ordinal);

    public void Authorize(Caller caller, string action, string accountId)
    {
        if (!_denied.Contains(action)) return;
        var who = caller.UserName is { } user ? $"arn:aws:iam::{accountId}:user/{user}" : $"arn:aws:iam::{accountId}:root";
        throw IamException.AccessDenied(who, action);
    }
}
