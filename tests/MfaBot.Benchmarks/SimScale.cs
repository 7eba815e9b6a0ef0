using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MfaBot.Iam;
using MfaBot.IamSimulator;
using MfaBot.IamSimulator.State;
using MfaBot.Otp;
using Microsoft.AspNetCore.DataProtection;

namespace MfaBot.Benchmarks;

/// <summary>
/// The IAM calls of one enrollment turn (CreateVirtualMFADevice, EnableMFADevice, ListMFADevices), signed by the bot's
/// client, against a persistent simulator holding 10 users with devices and one holding <c>users</c> users with
/// devices. Both simulators run side by side and the turns alternate between them in <c>blocks</c> blocks, so a change
/// of machine load hits both alike. The state is seeded as a state file in the simulator's original (whole-file)
/// format, which every version loads.
/// </summary>
public static class SimScale
{
    public static async Task RunAsync(int users, int turns, int blocks)
    {
        blocks = Math.Clamp(blocks, 1, turns);
        var root = Directory.CreateTempSubdirectory("mfabot-sim-scale-");
        try
        {
            var seeding = Stopwatch.StartNew();
            var smallFile = Seed(Path.Combine(root.FullName, "small"), 10, turns);
            var bigFile = Seed(Path.Combine(root.FullName, "big"), users, turns);
            Console.WriteLine($"Seeded 10 and {users:N0} users with an enabled device each in {seeding.Elapsed.TotalSeconds:F1} s " +
                              $"(state files {new FileInfo(smallFile).Length / 1024.0:N0} KB and {new FileInfo(bigFile).Length / 1024.0 / 1024:N1} MB)");

            var loading = Stopwatch.StartNew();
            await using var small = await IamRoundTrips.StartSimulatorAsync(smallFile);
            var smallLoad = loading.Elapsed;
            loading.Restart();
            await using var big = await IamRoundTrips.StartSimulatorAsync(bigFile);
            Console.WriteLine($"Loaded in {smallLoad.TotalSeconds:F2} s and {loading.Elapsed.TotalSeconds:F2} s");

            var smallRun = new Run("10 users", IamRoundTrips.BuildClient(small.Url), Path.GetDirectoryName(smallFile)!);
            var bigRun = new Run($"{users:N0} users", IamRoundTrips.BuildClient(big.Url), Path.GetDirectoryName(bigFile)!);
            // One untimed turn each: JIT, connections, the first append.
            await smallRun.TurnAsync(turns, timed: false);
            await bigRun.TurnAsync(turns, timed: false);
            for (int turn = 0, block = 0; block < blocks; block++)
            {
                var end = (int)((long)turns * (block + 1) / blocks);
                var from = turn;
                for (turn = from; turn < end; turn++) await smallRun.TurnAsync(turn, timed: true);
                for (turn = from; turn < end; turn++) await bigRun.TurnAsync(turn, timed: true);
            }

            Console.WriteLine();
            Console.WriteLine($"Enrollment turn's IAM calls (Create + Enable + ListMFADevices, signed, loopback), {turns} turns each in {blocks} alternating blocks, {Environment.ProcessorCount} cores");
            Console.WriteLine("| state | turns | p50 ms | mean ms | p95 ms | state bytes written/turn |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            smallRun.Print();
            bigRun.Print();
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio {users:N0}/10 users: p50 {bigRun.P50 / smallRun.P50:F2}, mean {bigRun.Mean / smallRun.Mean:F2}; load average {LoadAverage()}"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private sealed class Run(string label, IIamGateway iam, string folder)
    {
        private readonly List<double> _ms = [];
        private long _bytes;

        public double P50 => Percentile(0.5);
        public double Mean => _ms.Average();

        public async Task TurnAsync(int turn, bool timed)
        {
            var user = $"turn-user-{turn}";
            var before = Files();
            long written = 0;
            var started = Stopwatch.GetTimestamp();
            var device = await iam.CreateVirtualMfaDeviceAsync($"turn-device-{turn}");
            written += Written(ref before);
            var key = device.Seed.RevealKey();
            var step = Totp.StepAt(DateTimeOffset.UtcNow);
            await iam.EnableMfaDeviceAsync(user, device.SerialNumber, Totp.Hotp(key, step - 1), Totp.Hotp(key, step));
            written += Written(ref before);
            var listed = await iam.ListMfaDevicesAsync(user);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            written += Written(ref before);
            if (listed.Count != 1) throw new InvalidOperationException($"{user} has {listed.Count} devices, not 1.");
            if (!timed) return;
            _ms.Add(elapsed);
            _bytes += written;
        }

        public void Print() => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {_ms.Count} | {P50:F2} | {Mean:F2} | {Percentile(0.95):F2} | {_bytes / (double)_ms.Count:N0} |"));

        private double Percentile(double p)
        {
            var sorted = _ms.Order().ToArray();
            return sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];
        }

        /// <summary>The state folder's files (not the key ring) by name: length and last write.</summary>
        private Dictionary<string, (long Length, DateTime Written)> Files() =>
            new DirectoryInfo(folder).EnumerateFiles().ToDictionary(f => f.Name, f => (f.Length, f.LastWriteTimeUtc));

        /// <summary>
        /// Bytes written to the state folder since <paramref name="before"/>: what an append-only file grew by, the whole
        /// length of a file that was rewritten (a new file, or one that did not just grow).
        /// </summary>
        private long Written(ref Dictionary<string, (long Length, DateTime Written)> before)
        {
            var now = Files();
            long total = 0;
            foreach (var (name, (length, written)) in now)
            {
                if (!before.TryGetValue(name, out var old)) total += length;
                else if (written != old.Written || length != old.Length)
                    total += name.EndsWith(".journal", StringComparison.Ordinal) && length >= old.Length ? length - old.Length : length;
            }
            before = now;
            return total;
        }
    }

    /// <summary>
    /// Writes a state file of <paramref name="users"/> users, each with an enabled device, plus <paramref name="turns"/>
    /// (and one warm-up) users without one, in the simulator's original JSON shape, seeds protected by its key ring.
    /// </summary>
    internal static string Seed(string folder, int users, int turns)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "iam-state.json");
        var protector = DataProtectionProvider
            .Create(new DirectoryInfo(Path.Combine(folder, "iam-state.keys")), b => b.SetApplicationName("MfaBot.IamSimulator"))
            .CreateProtector(StateStore.SeedPurpose);
        var now = DateTimeOffset.UtcNow;
        var account = new IamSimulatorOptions().AccountId;
        using var stream = File.Create(file);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("accountId", account);
        json.WriteStartArray("users");
        for (var i = 0; i < users; i++) WriteUser(json, $"scale-user-{i}", now);
        for (var i = 0; i <= turns; i++) WriteUser(json, $"turn-user-{i}", now);
        json.WriteEndArray();
        json.WriteStartArray("devices");
        var seed = new byte[20];
        for (var i = 0; i < users; i++)
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(seed);
            json.WriteStartObject();
            json.WriteString("serialNumber", $"arn:aws:iam::{account}:mfa/scale-device-{i}");
            json.WriteString("name", $"scale-device-{i}");
            json.WriteString("path", "/");
            json.WriteString("protectedSeed", Convert.ToBase64String(protector.Protect(seed)));
            json.WriteString("createDate", now);
            json.WriteStartArray("tags");
            json.WriteEndArray();
            json.WriteString("userName", $"scale-user-{i}");
            json.WriteString("enableDate", now);
            json.WriteNumber("lastUsedStep", 0);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        return file;
    }

    private static void WriteUser(Utf8JsonWriter json, string name, DateTimeOffset now)
    {
        json.WriteStartObject();
        json.WriteString("userName", name);
        json.WriteString("path", "/");
        json.WriteString("userId", "AIDA" + Convert.ToHexString(BitConverter.GetBytes(name.GetHashCode(StringComparison.Ordinal))).PadLeft(17, '0'));
        json.WriteString("createDate", now);
        json.WriteEndObject();
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
