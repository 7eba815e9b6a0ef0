using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MfaBot.IamSimulator.State;
using MfaBot.LeakScan.Recording;
using MfaBot.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.IamSimulator;

/// <summary>
/// The simulator's incremental persistence: a journal of change sets next to the state file (the snapshot), replayed
/// on start, compacted into a fresh snapshot, tolerant of a torn last line, strict about damage before it.
/// </summary>
public sealed class JournalTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mfabot-sim-journal-");

    private string StateFile => Path.Combine(_dir.FullName, "iam-state.json");
    private string JournalFile => StateFile + ".journal";

    private Dictionary<string, string?> Settings(long? compactionBytes = null, string? stateFile = null)
    {
        var settings = new Dictionary<string, string?> { ["IamSimulator:StateFile"] = stateFile ?? StateFile };
        if (compactionBytes is { } bytes) settings["IamSimulator:JournalCompactionBytes"] = bytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    [Fact]
    public async Task A_restart_replays_the_journal_and_a_change_appends_one_line_without_rewriting_the_state_file()
    {
        string enabled, spare;
        await using (var first = await SimulatorServer.StartAsync(Settings()))
        {
            using var iam = new RawIam(first.Endpoint);
            (enabled, var secret) = await iam.CreateAsync("phone");
            var lines = JournalLines().Length;
            Assert.Equal(HttpStatusCode.OK, (await iam.EnableAsync("my-user", enabled, secret)).Status);
            Assert.Equal(lines + 1, JournalLines().Length);
            (spare, _) = await iam.CreateAsync("spare");
            Assert.Equal(HttpStatusCode.OK, (await iam.CallAsync("TagMFADevice", ("SerialNumber", spare), ("Tags.member.1.Key", "k"), ("Tags.member.1.Value", "v"))).Status);
            Assert.Equal(HttpStatusCode.OK, (await iam.CallAsync("DeleteVirtualMFADevice", ("SerialNumber", spare))).Status);
            (spare, _) = await iam.CreateAsync("spare2");
        }
        Assert.False(File.Exists(StateFile), "no snapshot is written below the compaction threshold");

        await using var second = await SimulatorServer.StartAsync(Settings());
        using var again = new RawIam(second.Endpoint);
        Assert.Equal([enabled], (await again.CallAsync("ListMFADevices", ("UserName", "my-user"))).All("SerialNumber"));
        Assert.Equal([enabled, spare], (await again.CallAsync("ListVirtualMFADevices")).All("SerialNumber"));
        // The device deleted before the restart stays deleted, and its name is free again.
        await again.CreateAsync("spare");
    }

    [Fact]
    public async Task A_torn_last_line_is_dropped_and_cut_off_so_the_next_append_starts_a_clean_line()
    {
        string enabled;
        await using (var first = await SimulatorServer.StartAsync(Settings()))
        {
            using var iam = new RawIam(first.Endpoint);
            (enabled, var secret) = await iam.CreateAsync("phone");
            Assert.Equal(HttpStatusCode.OK, (await iam.EnableAsync("my-user", enabled, secret)).Status);
        }
        var whole = new FileInfo(JournalFile).Length;
        // A crash in the middle of an append: half a line, never acknowledged.
        await File.AppendAllTextAsync(JournalFile, """{"seq":99,"devices":[{"serialNumber":"arn:aws:iam::123456789012:mfa/to""");

        string spare;
        await using (var second = await SimulatorServer.StartAsync(Settings()))
        {
            using var iam = new RawIam(second.Endpoint);
            Assert.Equal([enabled], (await iam.CallAsync("ListMFADevices", ("UserName", "my-user"))).All("SerialNumber"));
            (spare, _) = await iam.CreateAsync("spare");
        }
        Assert.DoesNotContain("mfa/to\"", await File.ReadAllTextAsync(JournalFile));
        Assert.True(new FileInfo(JournalFile).Length > whole);

        await using var third = await SimulatorServer.StartAsync(Settings());
        using var again = new RawIam(third.Endpoint);
        Assert.Equal([enabled, spare], (await again.CallAsync("ListVirtualMFADevices")).All("SerialNumber"));
    }

    [Fact]
    public async Task A_damaged_line_before_the_last_stops_the_start_with_a_one_line_error()
    {
        await using (var first = await SimulatorServer.StartAsync(Settings()))
        {
            using var iam = new RawIam(first.Endpoint);
            await iam.CreateAsync("phone");
            await iam.CreateAsync("spare");
        }
        var lines = JournalLines();
        lines[1] = lines[1][..(lines[1].Length / 2)];
        await File.WriteAllTextAsync(JournalFile, string.Join('\n', lines) + "\n");

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => SimulatorServer.StartAsync(Settings()));
        Assert.Contains("damaged at line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(JournalFile, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Compaction_writes_a_snapshot_with_everything_empties_the_journal_and_keeps_seeds_protected()
    {
        var serials = new List<string>();
        var secrets = new List<string>();
        await using (var first = await SimulatorServer.StartAsync(Settings(compactionBytes: 4096)))
        {
            using var iam = new RawIam(first.Endpoint);
            var persister = first.Services.GetRequiredService<StatePersister>();
            for (var i = 0; persister.Compactions == 0; i++)
            {
                Assert.True(i < 100, "the journal passed 4 KiB without a compaction");
                var (serial, secret) = await iam.CreateAsync($"device{i:00}");
                serials.Add(serial);
                secrets.Add(secret);
                await Task.Delay(i < 5 ? 0 : 20); // room for the background compaction
            }
            Assert.Equal(HttpStatusCode.OK, (await iam.EnableAsync("alice", serials[0], secrets[0])).Status);
        }
        var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(StateFile))!;
        Assert.True(snapshot["journalSeq"]!.GetValue<long>() > 0);
        Assert.True(new FileInfo(JournalFile).Length < 4096, "the journal was emptied, then took the changes after the compaction");
        var onDisk = await File.ReadAllTextAsync(StateFile) + await File.ReadAllTextAsync(JournalFile);
        foreach (var secret in secrets) Assert.DoesNotContain(secret, onDisk);

        await using var second = await SimulatorServer.StartAsync(Settings(compactionBytes: 4096));
        using var again = new RawIam(second.Endpoint);
        var listed = await again.CallAsync("ListVirtualMFADevices", ("MaxItems", "1000"));
        Assert.Equal(serials.Order(StringComparer.Ordinal), listed.All("SerialNumber"));
        Assert.Equal([serials[0]], (await again.CallAsync("ListMFADevices", ("UserName", "alice"))).All("SerialNumber"));
        // The restored seeds are the authenticator's: the second device enables with its codes.
        Assert.Equal(HttpStatusCode.OK, (await again.EnableAsync("my-user", serials[1], secrets[1])).Status);
    }

    [Fact]
    public async Task A_kill_after_an_acknowledged_append_or_between_the_snapshot_and_emptying_the_journal_loses_nothing()
    {
        var copy = Directory.CreateDirectory(Path.Combine(_dir.FullName, "killed"));
        var copyState = Path.Combine(copy.FullName, "iam-state.json");
        string enabled, spare;
        byte[] beforeCompaction;
        await using (var first = await SimulatorServer.StartAsync(Settings()))
        {
            using var iam = new RawIam(first.Endpoint);
            (enabled, var secret) = await iam.CreateAsync("phone");
            Assert.Equal(HttpStatusCode.OK, (await iam.EnableAsync("my-user", enabled, secret)).Status);
            (spare, _) = await iam.CreateAsync("spare");

            // kill -9 right after the reply: what is on disk is the state file's folder as it is now.
            CopyFolder(_dir, copy);
            await using (var killed = await SimulatorServer.StartAsync(Settings(stateFile: copyState)))
            {
                using var restarted = new RawIam(killed.Endpoint);
                Assert.Equal([enabled, spare], (await restarted.CallAsync("ListVirtualMFADevices")).All("SerialNumber"));
                Assert.Equal([enabled], (await restarted.CallAsync("ListMFADevices", ("UserName", "my-user"))).All("SerialNumber"));
            }

            // A crash after the new snapshot is renamed into place but before the journal is emptied.
            beforeCompaction = await File.ReadAllBytesAsync(JournalFile);
            await first.Services.GetRequiredService<StatePersister>().CompactAsync();
        }
        Assert.Equal(0, new FileInfo(JournalFile).Length);
        await File.WriteAllBytesAsync(JournalFile, beforeCompaction);

        string later;
        await using (var second = await SimulatorServer.StartAsync(Settings()))
        {
            using var iam = new RawIam(second.Endpoint);
            Assert.Equal([enabled, spare], (await iam.CallAsync("ListVirtualMFADevices")).All("SerialNumber"));
            Assert.Equal(HttpStatusCode.OK, (await iam.CallAsync("DeleteVirtualMFADevice", ("SerialNumber", spare))).Status);
            (later, _) = await iam.CreateAsync("later");
        }
        // The entries the snapshot already holds are skipped, the later ones (numbered after them) replayed.
        await using var third = await SimulatorServer.StartAsync(Settings());
        using var again = new RawIam(third.Endpoint);
        Assert.Equal([later, enabled], (await again.CallAsync("ListVirtualMFADevices")).All("SerialNumber"));
    }

    [Fact]
    public async Task A_state_file_in_the_format_before_the_journal_loads_and_later_changes_go_to_the_journal()
    {
        // The whole-file format of earlier versions: indented, no journalSeq, the seed protected by the key ring.
        var seed = System.Security.Cryptography.RandomNumberGenerator.GetBytes(20);
        var secret = OtpNet.Base32Encoding.ToString(seed).TrimEnd('=');
        RunLedger.Seed(secret);
        var protector = DataProtectionProvider
            .Create(new DirectoryInfo(Path.Combine(_dir.FullName, "iam-state.keys")), b => b.SetApplicationName("MfaBot.IamSimulator"))
            .CreateProtector(StateStore.SeedPurpose);
        var serial = $"arn:aws:iam::{SimulatorServer.AccountId}:mfa/old-phone";
        var old = new JsonObject
        {
            ["accountId"] = SimulatorServer.AccountId,
            ["users"] = new JsonArray(
                new JsonObject { ["userName"] = "my-user", ["path"] = "/", ["userId"] = "AIDAOLDUSER0000000001", ["createDate"] = "2026-01-01T00:00:00+00:00", ["tags"] = new JsonArray(), ["groups"] = new JsonArray() },
                new JsonObject { ["userName"] = "carol", ["path"] = "/staff/", ["userId"] = "AIDAOLDUSER0000000002", ["createDate"] = "2026-01-01T00:00:00+00:00", ["tags"] = new JsonArray(), ["groups"] = new JsonArray() }),
            ["devices"] = new JsonArray(new JsonObject
            {
                ["serialNumber"] = serial, ["name"] = "old-phone", ["path"] = "/", ["protectedSeed"] = Convert.ToBase64String(protector.Protect(seed)),
                ["createDate"] = "2026-01-01T00:00:00+00:00", ["tags"] = new JsonArray(), ["userName"] = null, ["enableDate"] = null, ["lastUsedStep"] = 0,
            }),
            ["groups"] = new JsonArray(),
            ["kmsKeys"] = new JsonArray(),
            ["kmsAliases"] = new JsonObject(),
        };
        await File.WriteAllTextAsync(StateFile, old.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var oldBytes = await File.ReadAllBytesAsync(StateFile);

        await using (var first = await SimulatorServer.StartAsync(Settings()))
        {
            using var iam = new RawIam(first.Endpoint);
            Assert.Equal("/staff/", (await iam.CallAsync("GetUser", ("UserName", "carol"))).One("Path"));
            Assert.Equal(HttpStatusCode.OK, (await iam.EnableAsync("carol", serial, secret)).Status);
        }
        Assert.Equal(oldBytes, await File.ReadAllBytesAsync(StateFile));

        await using var second = await SimulatorServer.StartAsync(Settings());
        using var again = new RawIam(second.Endpoint);
        Assert.Equal([serial], (await again.CallAsync("ListMFADevices", ("UserName", "carol"))).All("SerialNumber"));
    }

    [Fact]
    public async Task A_compaction_threshold_out_of_range_is_refused_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => SimulatorServer.StartAsync(Settings(compactionBytes: 10)));
        Assert.Contains("JournalCompactionBytes", error.Message, StringComparison.Ordinal);
    }

    private string[] JournalLines() => File.ReadAllText(JournalFile).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static void CopyFolder(DirectoryInfo from, DirectoryInfo to)
    {
        foreach (var file in from.EnumerateFiles()) file.CopyTo(Path.Combine(to.FullName, file.Name));
        foreach (var sub in from.EnumerateDirectories().Where(d => d.FullName != to.FullName))
            CopyFolder(sub, to.CreateSubdirectory(sub.Name));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
