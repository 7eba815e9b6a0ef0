using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.State;
using Microsoft.Extensions.Options;

namespace MfaBot.IamSimulator.Auth;

/// <summary>
/// The one policy decision the simulator models: operations listed in <see cref="IamSimulatorOptions.DeniedActions"/>
/// are refused for every caller with AccessDenied, as IAM refuses an action no policy allows.
/// </summary>
public sealed class ActionPolicy(IOptions<IamSimulatorOptions> options)
{
    private readonly HashSet<string> _denied = new(options.Value.DeniedActions, StringComparer.Ordinal);

    /// <summary>Under the account's gate (the caller's ARN carries its user's path).</summary>
    public void Authorize(Caller caller, string action, IamAccount account)
    {
        if (!_denied.Contains(action)) return;
        var who = caller.UserName is { } name && account.Users.TryGetValue(name, out var user)
            ? user.Arn(account.AccountId)
            : $"arn:aws:iam::{account.AccountId}:root";
        throw IamException.AccessDenied(who, action);
    }
}
