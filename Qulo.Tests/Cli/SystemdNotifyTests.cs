using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Cli;

/// <summary>The systemd units are Type=notify: `run` must say READY=1 on $NOTIFY_SOCKET once the node is up.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public class SystemdNotifyTests
{
    [Fact]
    public void Qmaster_run_notifies_systemd_when_ready_and_when_stopping()
    {
        using var dir = new TempDirectory();
        var socketPath = dir.File("notify");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        socket.ReceiveTimeout = 60_000;
        var config = dir.Write("qmaster.conf",
            $"qulo {{\n  master {{ host = 127.0.0.1, port = {FreePort.Next()} }}\n  graphite {{ enabled = false }}\n  logging {{ filename = \"\" }}\n}}\n");

        var psi = Executables.StartInfo("qmaster", ["run", "-c", config]);
        psi.Environment["NOTIFY_SOCKET"] = socketPath;
        using var master = Process.Start(psi)!;
        try
        {
            Assert.Equal("READY=1", Receive(socket));
            Process.Start("kill", ["-TERM", master.Id.ToString()])!.WaitForExit();
            Assert.Equal("STOPPING=1", Receive(socket));
            Assert.True(master.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, master.ExitCode);
        }
        finally
        {
            if (!master.HasExited) master.Kill(entireProcessTree: true);
        }
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[256];
        return Encoding.ASCII.GetString(buffer, 0, socket.Receive(buffer)).Trim();
    }
}
