using System.Buffers.Text;
using System.Collections.Concurrent;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace MfaBot.Secrets.Kms;

/// <summary>
/// Data keys in memory only. One active key, from GenerateDataKey, encrypts new secrets until it is
/// <see cref="SecretProtectionOptions.KmsDataKeyLifetime"/> old or has served KmsDataKeyMaxUses; then a new one is
/// fetched in the background while the old one keeps serving, so KMS being slow or down never stops a Protect once a
/// key is held. Keys opened with Decrypt are cached by their blob (bounded, evicted when unused for a lifetime), so each
/// blob costs one KMS call per process. Callers are synchronous: they block only on a miss, for at most KmsTimeout.
/// </summary>
public sealed class KmsDataKeys(KmsClientSource kms, IOptions<SecretProtectionOptions> options, TimeProvider time, ILogger<KmsDataKeys> logger) : IDisposable
{
    /// <summary>Bound to every data key; a key policy can require it (kms:EncryptionContext:app).</summary>
    public static readonly Dictionary<string, string> EncryptionContext = new(StringComparer.Ordinal) { ["app"] = "mfabot", ["purpose"] = "secrets-at-rest" };

    private const int MaxOpenedKeys = 1000;

    // While KMS fails, a due replacement is asked for at most this often (the held key serves meanwhile).
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(30);

    public sealed class DataKey(byte[] plaintext, string blob, DateTimeOffset made)
    {
        private int _uses;

        public byte[] Plaintext { get; } = plaintext;

        /// <summary>The KMS ciphertext blob, base64url: what the envelope carries.</summary>
        public string Blob { get; } = blob;

        public DateTimeOffset Made { get; } = made;

        public int Use() => Interlocked.Increment(ref _uses);
    }

    private readonly SecretProtectionOptions _options = options.Value;
    private readonly MemoryCache _opened = new(new MemoryCacheOptions { SizeLimit = MaxOpenedKeys });
    private readonly ConcurrentDictionary<string, Task<byte[]>> _opening = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private DataKey? _active;
    private Task<DataKey>? _generating;
    private DateTimeOffset _generateStarted = DateTimeOffset.MinValue;

    /// <summary>Fetches the first data key (at start, so the first enrollment does not wait for KMS).</summary>
    public Task WarmAsync() => Generate();

    public DataKey ForEncryption()
    {
        var active = Volatile.Read(ref _active);
        if (active is null) return Wait(Generate());
        var now = time.GetUtcNow();
        var due = active.Use() > _options.KmsDataKeyMaxUses || now - active.Made >= _options.KmsDataKeyLifetime;
        if (due && now - _generateStarted >= RetryPause) _ = Generate();
        return active;
    }

    /// <summary>The plaintext data key a blob (base64url) wraps: from the cache, or through KMS Decrypt.</summary>
    public byte[] ForDecryption(string blob)
    {
        if (_opened.TryGetValue(blob, out byte[]? known)) return known!;
        var opening = _opening.GetOrAdd(blob, b => Task.Run(() => DecryptAsync(b)));
        try
        {
            return Wait(opening);
        }
        finally
        {
            if (opening.IsCompleted) _opening.TryRemove(new KeyValuePair<string, Task<byte[]>>(blob, opening));
        }
    }

    // One GenerateDataKey at a time; a failed one is simply tried again by the next caller that needs it.
    private Task<DataKey> Generate()
    {
        lock (_gate)
        {
            if (_generating is { IsCompleted: false } running) return running;
            _generateStarted = time.GetUtcNow();
            return _generating = Task.Run(GenerateAsync);
        }
    }

    private async Task<DataKey> GenerateAsync()
    {
        using var timeout = new CancellationTokenSource(_options.KmsTimeout);
        GenerateDataKeyResponse reply;
        try
        {
            var client = await kms.GetAsync(timeout.Token);
            reply = await client.GenerateDataKeyAsync(new GenerateDataKeyRequest
            {
                KeyId = kms.KeyId, KeySpec = DataKeySpec.AES_256, EncryptionContext = new(EncryptionContext),
            }, timeout.Token);
        }
        catch (Exception e) when (e is not SecretUnavailableException)
        {
            KmsLog.DataKeyFailed(logger, kms.KeyId, KmsClientSource.Describe(e));
            throw new SecretUnavailableException($"KMS did not provide a data key ({KmsClientSource.Describe(e)}).", e) { AwsFailed = true };
        }
        using var plaintextStream = reply.Plaintext;
        var key = new DataKey(plaintextStream.ToArray(), Base64Url.EncodeToString(reply.CiphertextBlob.ToArray()), time.GetUtcNow());
        Remember(key.Blob, key.Plaintext);
        Volatile.Write(ref _active, key);
        KmsLog.DataKeyGenerated(logger, kms.KeyId, _options.KmsDataKeyLifetime);
        return key;
    }

    private async Task<byte[]> DecryptAsync(string blob)
    {
        using var timeout = new CancellationTokenSource(_options.KmsTimeout);
        try
        {
            var client = await kms.GetAsync(timeout.Token);
            using var ciphertext = new MemoryStream(AesGcmSeal.Decode(blob, minimumLength: 1));
            // No KeyId: the blob names its key, so envelopes made before KmsKeyId (or its alias) moved to another key
            // still open wherever the key policy lets the bot decrypt; the encryption context is what must match.
            var reply = await client.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext, EncryptionContext = new(EncryptionContext) }, timeout.Token);
            using var plaintextStream = reply.Plaintext;
            return Remember(blob, plaintextStream.ToArray());
        }
        catch (InvalidCiphertextException e)
        {
            throw new SecretUnavailableException("KMS refused the protected secret's data key (tampered, or made for another encryption context).", e);
        }
        catch (Exception e) when (e is not SecretUnavailableException)
        {
            KmsLog.DecryptFailed(logger, kms.KeyId, KmsClientSource.Describe(e));
            throw new SecretUnavailableException($"KMS did not open the protected secret's data key ({KmsClientSource.Describe(e)}).", e) { AwsFailed = true };
        }
    }

    private byte[] Remember(string blob, byte[] plaintext) =>
        _opened.Set(blob, plaintext, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = _options.KmsDataKeyLifetime });

    /// <summary>Blocks a synchronous caller for at most KmsTimeout (the call itself is cancelled by then as well).</summary>
    private T Wait<T>(Task<T> task)
    {
        try
        {
            if (task.Wait(_options.KmsTimeout + TimeSpan.FromSeconds(1))) return task.Result;
        }
        catch (AggregateException e) when (e.InnerException is SecretUnavailableException inner)
        {
            throw new SecretUnavailableException(inner.Message, inner) { AwsFailed = inner.AwsFailed };
        }
        throw new SecretUnavailableException($"KMS did not answer within {_options.KmsTimeout.TotalSeconds:0.#} s.") { AwsFailed = true };
    }

    public void Dispose() => _opened.Dispose();
}
