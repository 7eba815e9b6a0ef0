using System.Text.RegularExpressions;
using MfaBot.Storage;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Storage;

public sealed class FileStateStoreTests : StateStoreContract, IDisposable
{
    private readonly TempFolder _root = new();

    private string DataFolder => Path.Combine(_root.Path, "data");

    private string StateFolder => Path.Combine(DataFolder, "state");

    protected override IStateStore CreateStore() => new FileStateStore(DataFolder);

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_new_instance_on_the_same_folder_sees_values_and_etags()
    {
        var etag = await Store.PutAsync(P + "enrollment/29:abc", new Doc("before restart", 1), null, Ct);

        var restarted = CreateStore();
        var got = await restarted.GetAsync<Doc>(P + "enrollment/29:abc", Ct);
        Assert.Equal(("before restart", etag), (got!.Value.Name, got.ETag));
        var next = await restarted.PutAsync(P + "enrollment/29:abc", new Doc("after restart", 2), etag, Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.PutAsync(P + "enrollment/29:abc", new Doc("stale", 3), etag, Ct));
        Assert.Equal(next, (await Store.GetAsync<Doc>(P + "enrollment/29:abc", Ct))!.ETag);
    }

    [Fact]
    public async Task Several_instances_on_one_folder_lose_no_update()
    {
        // Each instance has its own semaphores, so only the lock files keep them apart, as between processes.
        // A lost update needs an unlucky interleaving, so the race runs on several keys at once.
        const int Keys = 4, WritersPerKey = 60;
        var stores = Enumerable.Range(0, 5).Select(_ => CreateStore()).ToArray();
        for (var k = 0; k < Keys; k++) await stores[0].PutAsync(P + $"hot{k}", new Doc("hot", 0, []), null, Ct);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Keys * WritersPerKey).Select(i => Task.Run(async () =>
        {
            await start.Task;
            await AppendWithRetryAsync(stores[i % stores.Length], P + $"hot{i % Keys}", $"w{i}");
        }, Ct)).ToList();
        start.SetResult();
        await Task.WhenAll(writers);

        for (var k = 0; k < Keys; k++)
        {
            var final = (await stores[k % stores.Length].GetAsync<Doc>(P + $"hot{k}", Ct))!.Value;
            Assert.Equal((WritersPerKey, WritersPerKey), (final.Count, final.Writers!.Distinct().Count()));
        }
    }

    [Fact]
    public async Task Hostile_keys_only_ever_create_plain_files_inside_the_state_folder()
    {
        foreach (var key in HostileKeys) await Store.PutAsync(P + key, new Doc(key, 1), null, Ct);

        Assert.Equal([DataFolder], Directory.GetFileSystemEntries(_root.Path));
        Assert.Equal([Path.Combine(StateFolder, "locks")], Directory.GetDirectories(StateFolder));
        var names = Directory.GetFiles(StateFolder).Select(Path.GetFileName).ToList();
        Assert.Equal(HostileKeys.Length, names.Count);
        Assert.All(names, n => Assert.Matches(new Regex("^(?:[a-z0-9-]|_[0-9A-F]{2})+(?:~[0-9a-f]{32})?\\.json$"), n));
        Assert.All(names, n => Assert.True(n!.Length <= 255));
    }

    [Fact]
    public async Task Writes_leave_no_temp_files_and_files_are_private()
    {
        var etag = await Store.PutAsync(P + "a", new Doc("v1", 1), null, Ct);
        await Store.PutAsync(P + "a", new Doc("v2", 2), etag, Ct);

        var file = Assert.Single(Directory.GetFiles(StateFolder));
        Assert.EndsWith(".json", file, StringComparison.Ordinal);
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(StateFolder));
        foreach (var lockFile in Directory.GetFiles(Path.Combine(StateFolder, "locks")))
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(lockFile));
    }

    [Fact]
    public async Task Stray_files_in_the_folder_are_not_listed()
    {
        await Store.PutAsync(P + "a", new Doc("v1", 1), null, Ct);
        await File.WriteAllTextAsync(Path.Combine(StateFolder, "Not.Ours.json"), "{}", Ct);
        await File.WriteAllTextAsync(Path.Combine(StateFolder, "leftover.0123.tmp"), "{", Ct);
        Assert.Equal([P + "a"], await Store.ListKeysAsync("", Ct).ToListAsync(Ct));
    }
}
