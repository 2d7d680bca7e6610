using System.Net;
using System.Net.Sockets;

namespace AgentMemory.IntegrationTests.Infrastructure;

/// <summary>Ports for the servers tests start, so that test classes running at once never collide.</summary>
public static class LoopbackPort
{
    /// <summary>A TCP port free on loopback at the time of asking.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
