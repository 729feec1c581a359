using System.Net;
using System.Net.Sockets;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Operations;

/// <summary>
/// bin/qulo through systemd, with a stand-in systemctl first on PATH (systemd does not run here) that logs
/// its calls and keeps each unit's state in a file. The ports are real: carbon's answers, graphite-web's does not.
/// </summary>
public class QuloServiceManagerTests
{
    [Fact]
    public void Installed_services_are_started_in_the_seeds_order_stopped_in_reverse_and_their_ports_checked()
    {
        using var dir = new TempDirectory();
        var log = dir.File("systemctl.log");
        Directory.CreateDirectory(dir.File("bin"));
        Directory.CreateDirectory(dir.File("active"));
        Scripts.WriteExecutable(dir.File("bin/systemctl"), $$"""
            #!/bin/sh
            echo "$*" >> '{{log}}'
            case $1 in
              cat) case $3 in carbon-cache.service|apache2.service|grafana-server.service|qulo-master.service|qulo-agent.service) exit 0 ;; esac; exit 1 ;;
              start) touch '{{dir.File("active")}}'/"$3" ;;
              stop) rm -f '{{dir.File("active")}}'/"$3" ;;
              is-active) [ -e '{{dir.File("active")}}'/"$4" ] ;;
              show) echo 4242 ;;
            esac
            """);
        using var carbon = new TcpListener(IPAddress.Loopback, 0);
        carbon.Start();
        var carbonPort = ((IPEndPoint)carbon.LocalEndpoint).Port;
        var closedPort = FreePort.Next();
        dir.Write("qulo", $"""
            QULO_CARBON=yes
            QULO_GRAPHITE_WEB=yes
            QULO_GRAPHITE_WEB_SERVICE=apache2
            QULO_GRAFANA=auto
            QULO_AGENTS=localhost
            QULO_SERVICE_MANAGER=systemd
            QULO_CARBON_ADDRESS=127.0.0.1:{carbonPort}
            QULO_GRAPHITE_WEB_ADDRESS=127.0.0.1:{closedPort}
            """);
        var path = new Dictionary<string, string> { ["PATH"] = dir.File("bin") + ":" + Environment.GetEnvironmentVariable("PATH") };
        CliResult Qulo(string command) => Scripts.Run("bin/qulo", [command, "--config-dir", dir.Path], environment: path);
        string[] Calls(string verb) => File.ReadAllLines(log).Where(line => line.StartsWith(verb + " ")).Select(line => line.Split(' ')[^1]).ToArray();

        var started = Qulo("start");
        Assert.True(started.ExitCode == 0, started.Stdout + started.Stderr);
        string[] order = ["carbon-cache.service", "apache2.service", "grafana-server.service", "qulo-master.service", "qulo-agent.service"];
        Assert.Equal(order, Calls("start"));

        var status = Qulo("status");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"carbon-cache:      running (pid 4242, systemd unit carbon-cache), port 127.0.0.1:{carbonPort} answers", status.Stdout);
        Assert.Contains($"graphite-web:      running (pid 4242, systemd unit apache2), port 127.0.0.1:{closedPort} does not answer", status.Stdout);
        Assert.Contains("qagent@localhost:  running (pid 4242, systemd unit qulo-agent)", status.Stdout);

        var stopped = Qulo("stop");
        Assert.True(stopped.ExitCode == 0, stopped.Stdout + stopped.Stderr);
        Assert.Equal(order.Reverse(), Calls("stop"));
        var after = Qulo("status");
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("qmaster:           stopped (systemd unit qulo-master)", after.Stdout);

        File.WriteAllText(log, "");
        var restarted = Qulo("restart");
        Assert.True(restarted.ExitCode == 0, restarted.Stdout + restarted.Stderr);
        Assert.Equal([.. order.Reverse().Select(unit => "stop " + unit), .. order.Select(unit => "start " + unit)],
            File.ReadAllLines(log).Where(line => line.StartsWith("st")).Select(line => line.Replace(" --", "")));
    }
}
