using System.Net;
using System.Text;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.IamSimulator;

/// <summary>State survives a restart through the state file and its journal, whose seeds are protected, never in clear.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mfabot-sim-state-");

    private Dictionary<string, string?> Settings => new() { ["IamSimulator:StateFile"] = Path.Combine(_dir.FullName, "iam-state.json") };

    [Fact]
    public async Task Devices_and_their_seeds_survive_a_restart_without_the_seed_in_clear()
    {
        string enabled, spare, spareSecret;
        var secrets = new List<string>();
        await using (var first = await SimulatorServer.StartAsync(Settings))
        {
            using var iam = new RawIam(first.Endpoint);
            (enabled, var secret) = await iam.CreateAsync("phone", ("Tags.member.1.Key", "owner"), ("Tags.member.1.Value", "my-user"));
            Assert.Equal(HttpStatusCode.OK, (await iam.EnableAsync("my-user", enabled, secret)).Status);
            (spare, spareSecret) = await iam.CreateAsync("spare");
            secrets.AddRange([secret, spareSecret]);
        }

        // The state file (snapshot) and its journal: what the run wrote is in one or the other.
        var file = string.Concat(_dir.EnumerateFiles("iam-state.json*").Select(f => File.ReadAllText(f.FullName)));
        Assert.Contains(enabled, file);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, file);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.ASCII.GetBytes(secret)), file);
            Assert.DoesNotContain(Convert.ToBase64String(Base32Decode(secret)), file);
        }
        Assert.True(Directory.EnumerateFiles(Path.Combine(_dir.FullName, "iam-state.keys"), "key-*.xml").Any(), "key ring next to the state file");
        Assert.Empty(_dir.EnumerateFiles("*.tmp"));

        await using var second = await SimulatorServer.StartAsync(Settings);
        using var again = new RawIam(second.Endpoint);
        var listed = await again.CallAsync("ListMFADevices", ("UserName", "my-user"));
        Assert.Equal([enabled], listed.All("SerialNumber"));
        var all = await again.CallAsync("ListVirtualMFADevices");
        Assert.Equal([enabled, spare], all.All("SerialNumber"));
        Assert.Equal(["owner"], all.All("Key"));
        // The restored seed is the one the authenticator holds: its codes enable the spare device.
        Assert.Equal(HttpStatusCode.OK, (await again.EnableAsync("alice", spare, spareSecret)).Status);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static byte[] Base32Decode(string text)
    {
        var bits = string.Concat(text.Select(c => Convert.ToString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0')));
        return [.. Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2))];
    }
}
