namespace MfaBot.IamSimulator.Actions;

/// <summary>All served operations by name. A new group of operations adds its file's list here.</summary>
public sealed class ActionRegistry
{
    private static readonly Dictionary<string, IamAction> Actions =
        new IEnumerable<IamAction>[]
            {
                MfaDeviceActions.All, MfaListActions.All, UserActions.All, GroupActions.All, CredentialReportActions.All,
            }
            .SelectMany(a => a)
            .ToDictionary(a => a.Name, StringComparer.Ordinal);

    public static bool Serves(string name) => Actions.ContainsKey(name);

    public IEnumerable<string> Names => Actions.Keys;

    public bool TryGet(string name, out IamAction action) => Actions.TryGetValue(name, out action!);
}
