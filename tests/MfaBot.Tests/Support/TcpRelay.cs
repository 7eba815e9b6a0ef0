using System.Net;
using System.Net.Sockets;

namespace MfaBot.Tests.Support;

/// <summary>A loopback TCP relay to a server, which a test can cut (every connection dropped, new ones refused).</summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _cut = new();
    private readonly string _host;
    private readonly int _port;

    /// <param name="listenPort">0 for any free port; a former relay's port to restore a cut link.</param>
    public TcpRelay(string host, int port, int listenPort = 0)
    {
        (_host, _port) = (host, port);
        _listener = new TcpListener(IPAddress.Loopback, listenPort);
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>Read it before <see cref="CutAsync"/>.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async Task CutAsync()
    {
        await _cut.CancelAsync();
        _listener.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!_cut.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await _listener.AcceptTcpClientAsync(_cut.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        using (inbound)
        using (var outbound = new TcpClient())
        {
            try
            {
                await outbound.ConnectAsync(_host, _port, _cut.Token);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(_cut.Token);
                await Task.WhenAny(
                    inbound.GetStream().CopyToAsync(outbound.GetStream(), either.Token),
                    outbound.GetStream().CopyToAsync(inbound.GetStream(), either.Token));
                await either.CancelAsync();
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // Cut, or one side closed.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CutAsync();
        _cut.Dispose();
    }
}
