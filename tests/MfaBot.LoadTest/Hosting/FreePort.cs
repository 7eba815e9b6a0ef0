using System.Net;
using System.Net.Sockets;

namespace MfaBot.LoadTest.Hosting;

public static class FreePort
{
    /// <summary>A loopback port free right now (for servers whose own URL must be known before they start).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
