using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using MfaBot.LoadTest.Hosting;

namespace MfaBot.LoadTest.Targets;

/// <summary>
/// A loopback forwarding proxy between the bot and the IAM simulator, in this harness's process (so its CPU is not
/// the bot's): holds each request <see cref="DelayMs"/> before forwarding it as it came (Host header kept, so the
/// SigV4 signature still verifies), and counts the calls, per IAM Action too.
/// </summary>
public sealed class LatencyProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
        { "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Content-Length" };

    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly string _upstream;
    private readonly ConcurrentDictionary<string, long> _actions = new(StringComparer.Ordinal);
    private long _calls;

    private LatencyProxy(WebApplication app, string upstream)
    {
        _app = app;
        _upstream = upstream.TrimEnd('/');
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, UseCookies = false, AllowAutoRedirect = false })
            { Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Added to every call before it is forwarded; may change between rows.</summary>
    public int DelayMs { get; set; }

    /// <summary>The proxy's base URL with a trailing slash, for the bot's Iam:ServiceUrl.</summary>
    public string Url { get; private set; } = "";

    public long CallCount => Interlocked.Read(ref _calls);

    /// <summary>Calls so far per IAM Action (KMS calls under their X-Amz-Target).</summary>
    public IReadOnlyDictionary<string, long> Actions => new Dictionary<string, long>(_actions);

    public static async Task<LatencyProxy> StartAsync(string upstream)
    {
        var app = LoopbackApp.CreateBuilder(isolated: true).Build();
        var proxy = new LatencyProxy(app, upstream);
        app.Run(proxy.ForwardAsync);
        proxy.Url = await LoopbackApp.StartAsync(app) + "/";
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var bytes = body.ToArray();
        Interlocked.Increment(ref _calls);
        _actions.AddOrUpdate(ActionOf(request, bytes), 1, (_, n) => n + 1);
        if (DelayMs > 0) await Task.Delay(DelayMs, context.RequestAborted);

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), _upstream + request.Path + request.QueryString);
        if (bytes.Length > 0 || request.ContentLength is not null) forward.Content = new ByteArrayContent(bytes);
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        using var response = await _http.SendAsync(forward, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            if (!HopByHop.Contains(name)) context.Response.Headers[name] = values.ToArray();
        await context.Response.Body.WriteAsync(await response.Content.ReadAsByteArrayAsync(context.RequestAborted), context.RequestAborted);
    }

    /// <summary>"Action=CreateVirtualMFADevice&amp;…" of a Query API form, or the KMS target.</summary>
    private static string ActionOf(HttpRequest request, byte[] body)
    {
        if (request.Headers["X-Amz-Target"] is { Count: > 0 } target) return target.ToString();
        var form = Encoding.ASCII.GetString(body);
        foreach (var pair in form.Split('&'))
            if (pair.StartsWith("Action=", StringComparison.Ordinal)) return Uri.UnescapeDataString(pair[7..]);
        return "?";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
