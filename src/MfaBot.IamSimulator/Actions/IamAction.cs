using System.Xml;
using MfaBot.IamSimulator.Auth;
using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.State;
using MfaBot.IamSimulator.Validation;

namespace MfaBot.IamSimulator.Actions;

/// <summary>What an action sees: its parameters, the caller, the account (under its gate) and the time.</summary>
public sealed class ActionContext(QueryRequest request, Caller caller, IamAccount account, DateTimeOffset now, IamSimulatorOptions options)
{
    public ParamReader Params { get; } = new(request);
    public Caller Caller { get; } = caller;
    public IamAccount Account { get; } = account;
    public DateTimeOffset Now { get; } = now;
    public IamSimulatorOptions Options { get; } = options;
}

/// <summary>One Query API operation. <paramref name="Run"/> returns the writer of its Result element, or null.</summary>
/// <param name="Mutates">The state is saved after a successful run.</param>
public sealed record IamAction(string Name, bool Mutates, Func<ActionContext, Action<XmlWriter>?> Run);
