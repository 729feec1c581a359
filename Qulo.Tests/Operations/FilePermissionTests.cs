using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Operations;

/// <summary>The files a started daemon writes: pid file 0644, logs (rotated ones too) 0640 in a 0750 folder.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public class FilePermissionTests
{
    [Fact]
    public void A_started_daemon_writes_its_pid_file_0644_and_its_logs_0640_in_a_0750_folder()
    {
        using var dir = new TempDirectory();
        var logDir = dir.File("logs");
        var runDir = dir.File("run");
        var config = dir.Write("qmaster.conf", $$"""
            qulo {
              master { host = 127.0.0.1, port = {{FreePort.Next()}} }
              graphite { enabled = false }
              logging { filename = "{{Path.Combine(logDir, "qmaster.log")}}", level = DEBUG, max-bytes = 2048, backup-count = 3 }
            }
            """);
        var pidFile = Path.Combine(runDir, "qmaster.pid");

        var started = Executables.Run("qmaster", "start", "-c", config, "-p", pidFile);
        try
        {
            Assert.True(started.ExitCode == 0, started.Stdout + started.Stderr);
            Assert.Equal("0644", Scripts.Octal(Scripts.ModeOf(pidFile)));
            Assert.Equal("0755", Scripts.Octal(Scripts.ModeOf(runDir)));
            Assert.Equal("0750", Scripts.Octal(Scripts.ModeOf(logDir)));
            // Serilog creates the rolled files itself; only the daemon's umask keeps them from being world-readable.
            Assert.True(Wait.Until(() => Directory.GetFiles(logDir, "qmaster_*.log").Length > 0),
                "the 2 KiB log rolls over: " + string.Join(", ", Directory.GetFiles(logDir)));
            foreach (var log in Directory.GetFiles(logDir))
                Assert.True(Scripts.Octal(Scripts.ModeOf(log)) == "0640", $"{log} is {Scripts.Octal(Scripts.ModeOf(log))}");
        }
        finally
        {
            Executables.Run("qmaster", "stop", "-p", pidFile);
        }
    }
}
