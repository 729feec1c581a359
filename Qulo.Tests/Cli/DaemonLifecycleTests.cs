using System.Text.RegularExpressions;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Cli;

/// <summary>`start` detaches and writes the pid file, refuses a second start, replaces a stale file; `stop` waits for the end.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public class DaemonLifecycleTests
{
    [Fact]
    public void Start_stop_and_pid_file_handling_of_qmaster()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("qmaster.conf", $$"""
            qulo {
              master { host = 127.0.0.1, port = {{FreePort.Next()}} }
              graphite { enabled = false }
              logging { filename = "{{dir.File("qmaster.log")}}", level = DEBUG }
            }
            """);
        var pidFile = dir.File("qmaster.pid");

        var started = Executables.Run("qmaster", "start", "-c", config, "-p", pidFile);
        Assert.True(started.ExitCode == 0, started.Stderr + File.ReadAllText(dir.File("qmaster.log")));
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.True(Directory.Exists($"/proc/{pid}"), "the daemon named by the pid file runs");
        Assert.NotEqual(Environment.ProcessId, pid);

        var status = Executables.Run("qmaster", "status", "-c", config);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("0 of 0 agents up", status.Stdout);
        // `start` returns once the process runs; the master makes itself Up at its next leader round (every 4 s).
        Assert.True(Wait.Until(() => Regex.IsMatch((status = Executables.Run("qmaster", "status", "-c", config)).Stdout, @"\n\S+ +up +master ")),
            status.Stdout + status.Stderr);

        var again = Executables.Run("qmaster", "start", "-c", config, "-p", pidFile);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"already running as pid {pid}", again.Stderr);

        var stopped = Executables.Run("qmaster", "stop", "-p", pidFile);
        Assert.Equal(0, stopped.ExitCode);
        Assert.Contains($"stopped (pid {pid})", stopped.Stdout);
        Assert.False(Directory.Exists($"/proc/{pid}"), "stop returns only once the process is gone");
        Assert.False(File.Exists(pidFile), "a graceful stop removes the pid file");
        Assert.Contains("qmaster stopped", File.ReadAllText(dir.File("qmaster.log")));

        File.WriteAllText(pidFile, "999999\n");
        var restarted = Executables.Run("qmaster", "start", "-c", config, "-p", pidFile);
        Assert.Equal(0, restarted.ExitCode);
        Assert.Contains("removing stale pid file", restarted.Stderr);
        Assert.Equal(0, Executables.Run("qmaster", "stop", "-p", pidFile).ExitCode);
    }

    [Fact]
    public void Status_without_a_running_master_is_exit_code_1_naming_the_address()
    {
        using var dir = new TempDirectory();
        var port = FreePort.Next();
        var config = dir.Write("qmaster.conf", $"[qmaster]\nincoming data port = {port}\n");
        var result = Executables.Run("qmaster", "status", "-c", config, "--timeout", "2");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"qmaster at 127.0.0.1:{port} did not answer within 2 s", result.Stderr);
    }

    [Fact]
    public void Stopping_what_is_not_running_says_so()
    {
        using var dir = new TempDirectory();
        var result = Executables.Run("qagent", "stop", "-p", dir.File("none.pid"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("is not running (no pid file", result.Stdout);
    }

    [Fact]
    public void An_unwritable_log_file_is_exit_code_1_with_the_original_message()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("not-a-dir"), "");
        var config = dir.Write("qagent.conf", $"[logging]\nfilename = {dir.File("not-a-dir")}/qagent.log\n");
        var result = Executables.Run("qagent", "run", "-c", config);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("I cannot log! Try to change the log file in the configuration file.", result.Stderr);
    }
}
