using MfaBot.IamSimulator.Actions;
using Microsoft.Extensions.Options;

namespace MfaBot.IamSimulator.Faults;

/// <summary>Checks "IamSimulator:Faults" at start: one line per invalid setting, naming it.</summary>
public sealed class FaultSettingsValidator(ActionRegistry actions) : IValidateOptions<IamSimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, IamSimulatorOptions options)
    {
        var problems = options.Faults.Problems(IamSimulatorOptions.Section + ":Faults", FaultControl.KnownActions(actions)).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
