namespace MfaBot.Coordination;

/// <summary>Names this process among the bot's instances (host, process id and a random part), for leases and logs.</summary>
public sealed class InstanceIdentity
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
