using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MfaBot.Storage;

/// <summary>
/// One JSON file per key under "&lt;DataFolder&gt;/state". Writes go to a temp file in the same folder, are
/// flushed to disk and renamed over the old file, so a reader sees the old or the new file, never a torn
/// one. Check-and-write runs under a striped lock: a SemaphoreSlim inside the process and an exclusively
/// opened lock file across processes sharing the folder. Striping bounds memory and lock files whatever
/// the number of keys; keys sharing a stripe merely wait for each other.
/// </summary>
public sealed class FileStateStore : IStateStore
{
    private const int Stripes = 64;
    private const string Extension = ".json";

    private readonly string _folder;
    private readonly string _lockFolder;
    private readonly SemaphoreSlim[] _gates = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public FileStateStore(string dataFolder)
    {
        _folder = Path.Combine(Path.GetFullPath(dataFolder), "state");
        _lockFolder = Path.Combine(_folder, "locks");
        PrivateFiles.CreateFolder(_folder);
        PrivateFiles.CreateFolder(_lockFolder);
    }

    public Task<Stored<T>?> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        StateKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var record = Read(DataPath(KeyFileName.ToStem(key)));
        if (record is null) return Task.FromResult<Stored<T>?>(null);
        EnsureBelongs(record, key);
        return Task.FromResult<Stored<T>?>(new Stored<T>(record.Value.Deserialize<T>(StateJson.Options)!, record.ETag));
    }

    public async Task<string> PutAsync<T>(string key, T value, string? etag, CancellationToken cancellationToken)
    {
        StateKey.Validate(key);
        var element = JsonSerializer.SerializeToElement(value, StateJson.Options);
        var stem = KeyFileName.ToStem(key);
        using var lease = await LockAsync(stem, cancellationToken);
        var path = DataPath(stem);
        var current = Read(path);
        if (current is not null) EnsureBelongs(current, key);
        StateFileRecord next;
        if (etag is null)
        {
            if (current is not null) throw new ConcurrencyConflictException(key, "The state entry already exists.");
            next = new StateFileRecord(key, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), 1, element);
        }
        else
        {
            EnsureCurrent(key, current, etag);
            next = current! with { Version = current.Version + 1, Value = element };
        }
        await DiskThreads.RunAsync(() => WriteAtomically(stem, path, next));
        return next.ETag;
    }

    public async Task DeleteAsync(string key, string? etag, CancellationToken cancellationToken)
    {
        StateKey.Validate(key);
        var stem = KeyFileName.ToStem(key);
        using var lease = await LockAsync(stem, cancellationToken);
        var path = DataPath(stem);
        var current = Read(path);
        if (current is not null) EnsureBelongs(current, key);
        if (etag is not null) EnsureCurrent(key, current, etag);
        if (current is not null) File.Delete(path);
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var keys = new List<string>();
        foreach (var path in Directory.EnumerateFiles(_folder, "*" + Extension))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stem = Path.GetFileNameWithoutExtension(path);
            var key = KeyFileName.IsHashed(stem) ? Read(path)?.Key : KeyFileName.Decode(stem);
            if (key is not null && key.StartsWith(prefix, StringComparison.Ordinal)) keys.Add(key);
        }
        keys.Sort(StringComparer.Ordinal);
        foreach (var key in keys) yield return key;
    }

    private string DataPath(string stem) => Path.Combine(_folder, stem + Extension);

    private static void EnsureCurrent(string key, StateFileRecord? current, string etag)
    {
        if (current is null) throw new ConcurrencyConflictException(key, "The state entry no longer exists.");
        if (!string.Equals(current.ETag, etag, StringComparison.Ordinal))
            throw new ConcurrencyConflictException(key, "The state entry changed since it was read (ETag mismatch).");
    }

    // Only a 128-bit hash collision of two long keys could trip this; refuse rather than mix them up.
    private static void EnsureBelongs(StateFileRecord record, string key)
    {
        if (!string.Equals(record.Key, key, StringComparison.Ordinal))
            throw new InvalidDataException("A state file holds a different key than its name implies.");
    }

    // State files are a few KB: a synchronous read or write costs far less CPU than async file streams and async
    // JSON, and on Unix async file I/O runs on a pool thread anyway.
    private static StateFileRecord? Read(string path)
    {
        byte[] bytes;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            bytes = new byte[RandomAccess.GetLength(handle)];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
                if (n == 0) break;
                read += n;
            }
            if (read < bytes.Length) Array.Resize(ref bytes, read);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        if (bytes.Length == 0) throw new InvalidDataException("A state file is empty.");
        return JsonSerializer.Deserialize<StateFileRecord>(bytes, StateJson.Options) ?? throw new InvalidDataException("A state file is empty.");
    }

    private void WriteAtomically(string stem, string path, StateFileRecord record)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, StateJson.Options);
        var temp = Path.Combine(_folder, $"{stem}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, PrivateFiles.Open(FileMode.CreateNew, FileAccess.Write, FileShare.None)))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private async Task<Lease> LockAsync(string stem, CancellationToken cancellationToken)
    {
        // A stable hash (not string.GetHashCode) so every process picks the same stripe for a key.
        var stripe = (int)(BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(Encoding.ASCII.GetBytes(stem))) % Stripes);
        var gate = _gates[stripe];
        await gate.WaitAsync(cancellationToken);
        try
        {
            var file = await FileLock.AcquireAsync(Path.Combine(_lockFolder, $"{stripe:D2}.lock"), cancellationToken);
            return new Lease(gate, file);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private sealed class Lease(SemaphoreSlim gate, FileStream file) : IDisposable
    {
        public void Dispose()
        {
            file.Dispose();
            gate.Release();
        }
    }
}
