namespace MfaBot.IamSimulator.Actions;

/// <summary>All served operations by name. A new group of operations adds its file's list here.</summary>
public sealed class ActionRegistry
{
    private readonly Dictionary<string, IamAction> _actions =
        new IEnumerable<IamAction>[] { MfaDeviceActions.All, MfaListActions.All, UserActions.All, GroupActions.All }
            .SelectMany(a => a)
            .ToDictionary(a => a.Name, StringComparer.Ordinal);

    public IEnumerable<string> Names => _actions.Keys;

    public bool TryGet(string name, out IamAction action) => _actions.TryGetValue(name, out action!);
}
