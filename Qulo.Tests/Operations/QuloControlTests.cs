using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Operations;

/// <summary>bin/qulo against real qmaster and qagent processes on this machine.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public class QuloControlTests
{
    [Fact]
    public void Start_runs_the_master_then_a_local_agent_status_shows_both_stop_ends_them_in_reverse()
    {
        using var system = new ControlledSystem("localhost");

        var started = system.Qulo("start");
        Assert.True(started.ExitCode == 0, started.Stdout + started.Stderr + system.Log("qmaster.log") + system.Log("qagent.log"));
        Assert.True(system.Pid("qmaster.pid") is { } master && Processes.IsAlive(master), "qmaster runs, named by run/qmaster.pid");
        Assert.True(system.Pid("qagent.pid") is { } agent && Processes.IsAlive(agent), "qagent runs, named by run/qagent.pid");
        var masterPid = system.Pid("qmaster.pid")!.Value;
        var agentPid = system.Pid("qagent.pid")!.Value;
        Assert.True(Processes.StartTime(masterPid) <= Processes.StartTime(agentPid), "the master is started before the agent");
        AssertInOrder(started.Stdout, "qmaster:           starting", "qmaster started", "qagent@localhost:  starting", "qagent started");

        var status = system.Qulo("status");
        Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr + system.Log("qagent.log"));
        Assert.Contains($"qmaster:           running (pid {masterPid}", status.Stdout);
        Assert.Contains($"qagent@localhost:  running (pid {agentPid}", status.Stdout);
        Assert.Contains("carbon-cache:      disabled (QULO_CARBON=no)", status.Stdout);

        var again = system.Qulo("start");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains($"already running (pid {agentPid}", again.Stdout);
        Assert.Equal(masterPid, system.Pid("qmaster.pid"));

        var stopped = system.Qulo("stop");
        Assert.True(stopped.ExitCode == 0, stopped.Stdout + stopped.Stderr);
        AssertInOrder(stopped.Stdout, "qagent@localhost:  stopping", $"qagent stopped (pid {agentPid})",
            "qmaster:           stopping", $"qmaster stopped (pid {masterPid})");
        Assert.False(Processes.IsAlive(agentPid), "the agent is gone");
        Assert.False(Processes.IsAlive(masterPid), "the master is gone");

        var after = system.Qulo("status");
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("qmaster:           stopped", after.Stdout);
        Assert.Contains("qagent@localhost:  stopped", after.Stdout);
    }

    [Fact]
    public void With_a_real_carbon_cache_it_is_started_first_and_stopped_last()
    {
        using var system = new ControlledSystem("localhost");
        var picklePort = system.UseCarbonCache();

        var started = system.Qulo("start");
        Assert.True(started.ExitCode == 0, started.Stdout + started.Stderr);
        AssertInOrder(started.Stdout, "carbon-cache:      starting", "qmaster:           starting", "qagent@localhost:  starting");
        var carbonPid = int.Parse(File.ReadAllText(system.File("carbon/run/carbon-cache-a.pid")).Trim());
        Assert.True(Processes.IsAlive(carbonPid), "carbon-cache runs");
        Assert.True(Processes.StartTime(carbonPid) <= Processes.StartTime(system.Pid("qmaster.pid")!.Value), "carbon-cache is started before the master");

        // carbon-cache opens its ports a moment after it forks into the background; status tells when.
        var status = system.Qulo("status");
        Assert.True(Wait.Until(() => (status = system.Qulo("status")).ExitCode == 0 && status.Stdout.Contains("answers")), status.Stdout + status.Stderr);
        Assert.Contains($"carbon-cache:      running (pid {carbonPid}, carbon-cache --config=", status.Stdout);
        Assert.Contains($"port 127.0.0.1:{picklePort} answers", status.Stdout);

        var stopped = system.Qulo("stop");
        Assert.True(stopped.ExitCode == 0, stopped.Stdout + stopped.Stderr);
        AssertInOrder(stopped.Stdout, "qagent@localhost:  stopping", "qmaster:           stopping", "carbon-cache:      stopping");
        Assert.False(Processes.IsAlive(carbonPid), "stop returns once carbon-cache is gone");
        var after = system.Qulo("status");
        Assert.Contains($"carbon-cache:      stopped (carbon-cache --config=", after.Stdout);
        Assert.Contains($"port 127.0.0.1:{picklePort} does not answer", after.Stdout);
    }

    [Fact]
    public void With_the_private_graphite_carbon_and_graphite_web_come_first_and_answer()
    {
        using var system = new ControlledSystem("localhost");
        var (picklePort, webPort) = system.UsePrivateGraphite();

        var started = system.Qulo("start");
        Assert.True(started.ExitCode == 0, started.Stdout + started.Stderr);
        AssertInOrder(started.Stdout, "carbon-cache:      starting", $"http://127.0.0.1:{webPort}/", "qmaster:           starting",
            "qagent@localhost:  starting");
        var status = system.Qulo("status");
        Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
        Assert.Contains($"carbon-cache:      running (pid ", status.Stdout);
        Assert.Contains($"port 127.0.0.1:{picklePort} answers", status.Stdout);
        Assert.Contains($"port 127.0.0.1:{webPort} answers", status.Stdout);
        var webPid = int.Parse(File.ReadAllText(system.File("graphite/run/graphite-web.pid")).Trim());
        var carbonPid = int.Parse(File.ReadAllText(system.File("graphite/run/carbon-cache-a.pid")).Trim());

        var stopped = system.Qulo("stop");
        Assert.True(stopped.ExitCode == 0, stopped.Stdout + stopped.Stderr);
        AssertInOrder(stopped.Stdout, "qagent@localhost:  stopping", "qmaster:           stopping", "carbon-cache:      stopping");
        Assert.True(Wait.Until(() => !Processes.IsAlive(webPid) && !Processes.IsAlive(carbonPid)), "graphite-web and carbon-cache end");
        var after = system.Qulo("status");
        Assert.Equal(1, after.ExitCode);
        Assert.Contains($"port 127.0.0.1:{picklePort} does not answer", after.Stdout);
    }

    /// <summary>
    /// The ssh path with a stand-in for ssh that logs its arguments and runs the command line here, as
    /// sshd hands it to the remote user's shell. "down1", listed in QULO_AGENTS_FILE, answers as an unreachable host does.
    /// </summary>
    [Fact]
    public void Agents_on_other_hosts_are_started_checked_and_stopped_over_ssh()
    {
        using var system = new ControlledSystem("node2");
        var sshLog = system.File("ssh.log");
        var fakeSsh = Scripts.WriteExecutable(system.File("fake-ssh"), $$"""
            #!/bin/sh
            printf '%s\n' "$*" >> '{{sshLog}}'
            while [ "${1#-}" != "$1" ]; do shift 2; done
            host=$1; shift
            case $host in down*) echo "ssh: connect to host $host port 22: Connection refused" >&2; exit 255 ;; esac
            exec sh -c "$*"
            """);
        var agentsFile = system.Write("agents", "# compute nodes\ndown1   # rack 3, switched off\n");
        system.AddSettings($"QULO_SSH=\"{fakeSsh} -o BatchMode=yes\"", $"QULO_REMOTE_QAGENT={Executables.Executable("qagent")}",
            $"QULO_AGENTS_FILE={agentsFile}");

        var started = system.Qulo("start");
        Assert.True(started.ExitCode == 1, "an unreachable agent host makes start fail: " + started.Stdout + started.Stderr);
        Assert.Contains("qagent@down1:      failed to start", started.Stdout);
        Assert.Contains("qagent@down1:      unreachable (ssh: connect to host down1 port 22: Connection refused)", started.Stdout);
        Assert.True(system.Pid("qagent.pid") is { } agent && Processes.IsAlive(agent),
            "the agent on node2 was started through ssh: " + started.Stdout + started.Stderr + system.Log("qagent.log"));
        var agentPid = system.Pid("qagent.pid")!.Value;
        var remoteStart = File.ReadAllLines(sshLog).Single(line => line.Contains("'start'"));
        Assert.StartsWith($"-o BatchMode=yes node2 {Executables.Executable("qagent")} 'start' '--config' '{system.AgentConfig}' '--pidfile' ", remoteStart);

        var status = system.Qulo("status");
        Assert.Equal(1, status.ExitCode);
        Assert.Contains($"qagent@node2:      running (pid {agentPid}, pid file node2:{system.RunDir}/qagent.pid)", status.Stdout);
        Assert.Contains("qagent@down1:      unreachable (ssh: connect to host down1 port 22: Connection refused)", status.Stdout);

        var stopped = system.Qulo("stop");
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains($"qagent stopped (pid {agentPid})", stopped.Stdout);
        Assert.False(Processes.IsAlive(agentPid), "the agent on node2 was stopped through ssh");
        Assert.Contains(File.ReadAllLines(sshLog), line => line.StartsWith("-o BatchMode=yes node2 ") && line.Contains("'stop'"));
    }

    private static void AssertInOrder(string text, params string[] parts)
    {
        var at = 0;
        foreach (var part in parts)
        {
            var found = text.IndexOf(part, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"expected '{part}' after position {at} in:\n{text}");
            at = found + part.Length;
        }
    }
}
