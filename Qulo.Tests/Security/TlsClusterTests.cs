using Qulo.Actors.Master;
using Qulo.Tests.Cluster;
using Qulo.Tests.Support;
using Xunit;
using static Qulo.Tests.Cluster.ClusterProcesses;

namespace Qulo.Tests.Security;

/// <summary>
/// Real qmaster and qagent processes with mutual TLS: a node with a certificate of the cluster CA joins;
/// a stranger's certificate and a plain-TCP agent do not, and the master's log says why. The master's
/// key is encrypted and opened with a password file, which must never reach a log.
/// </summary>
[Trait(Category.Name, Category.EndToEnd)]
public sealed class TlsClusterTests : ClusterTest
{
    private const string MasterKeyPassword = "master-key-Pa55word";
    private readonly TestCa _ca = new("QULo cluster CA");

    public TlsClusterTests()
    {
        var pki = Cluster.Folder;
        var caFile = PemFiles.Certificate(pki, "ca.crt", _ca.Certificate);
        var head = _ca.Issue("head");
        var headBlock = TlsBlock(PemFiles.Certificate(pki, "head.crt", head), PemFiles.Key(pki, "head.key", head, MasterKeyPassword), caFile,
            $"password-file = \"{PemFiles.Secret(pki, "head.password", MasterKeyPassword + "\n")}\"");
        var node1 = _ca.Issue("node1");
        var node1Block = TlsBlock(PemFiles.Certificate(pki, "node1.crt", node1), PemFiles.Key(pki, "node1.key", node1), caFile);

        // The stranger has the cluster CA's certificate (it is public) but no certificate the CA signed:
        // its own is self-signed, and it trusts both so that only the master's judgement stops it.
        var rogue = TestCa.SelfSigned("rogue");
        var rogueCertificate = PemFiles.Certificate(pki, "rogue.crt", rogue);
        var rogueTrust = PemFiles.Write(pki, "rogue-trust.crt", File.ReadAllText(caFile) + File.ReadAllText(rogueCertificate));
        var rogueBlock = TlsBlock(rogueCertificate, PemFiles.Key(pki, "rogue.key", rogue), rogueTrust);

        Cluster.ExtraConfig = host => host switch
        {
            "head" => headBlock,
            "node1" => node1Block,
            "rogue" => rogueBlock,
            _ => "",
        };
        Cluster.StatusTls = _ca.Credentials(head);
    }

    [Fact]
    public async Task An_agent_with_a_certificate_of_the_cluster_ca_joins_and_its_datapoints_arrive()
    {
        var master = Cluster.StartMaster();
        Cluster.StartAgent("node1");
        var view = await Cluster.WaitForAsync("node1 reporting over TLS", v => Node(v, "node1", NodeRegistry.StateUp) is { Datapoints: > 0 }, Settle);

        Assert.StartsWith($"akka.ssl.tcp://qulo@127.0.0.1:{Cluster.Master.Port}", view.MasterAddress);
        Assert.StartsWith("akka.ssl.tcp://", Node(view, "node1", NodeRegistry.StateUp)!.Address);
        await WaitUntilAsync("node1's sensor datapoints in the master's output", () => Cluster.ReceivedSensorDatapoints("node1") > 0);

        var status = Executables.Run("qmaster", "status", "-c", Path.Combine(Cluster.Folder, "head.conf"));
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Matches(@"\nnode1 +up +agent ", status.Stdout);

        Assert.Contains("mutual TLS, certificate CN=head", master.Log());
        AssertNoSecretIn(master.Log());
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(master.LogFile) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite));
    }

    [Fact]
    public async Task An_agent_whose_certificate_the_cluster_ca_did_not_sign_never_joins_and_the_master_logs_why()
    {
        var master = Cluster.StartMaster();
        var rogue = Cluster.StartAgent("rogue");

        const string refusal = "TLS: refused connection from 127.0.0.1:";
        await WaitForLogAsync(master, refusal);
        await WaitForLogAsync(rogue, "Couldn't join seed nodes after [3] attempts");
        Assert.Contains(": certificate CN=rogue is not signed by the cluster CA (issuer CN=rogue)",
            master.Log().Split('\n').First(line => line.Contains(refusal)));

        var view = await Cluster.WaitForAsync("a view of the cluster", _ => true, Settle);
        Assert.DoesNotContain(view.Nodes, n => n.Host == "rogue");
        Assert.Equal(0, SensorDatapointsFrom("rogue"));
        AssertNoSecretIn(master.Log());
        Assert.Contains("due to TLS handshake failure", master.Log()); // Akka's one line stays; its stack trace is filtered out
        Assert.DoesNotContain("TLS handshake failed", master.Log());
    }

    [Fact]
    public async Task An_agent_without_tls_cannot_join_a_tls_master()
    {
        var master = Cluster.StartMaster();
        var plain = Cluster.StartAgent("plain");

        await WaitForLogAsync(master, "due to TLS handshake failure");
        await WaitForLogAsync(plain, "Couldn't join seed nodes after [3] attempts");

        var view = await Cluster.WaitForAsync("a view of the cluster", _ => true, Settle);
        Assert.DoesNotContain(view.Nodes, n => n.Host == "plain");
        Assert.Equal(0, SensorDatapointsFrom("plain"));
    }

    /// <summary>The master writes its output file with its first datapoint; none yet means none from anyone.</summary>
    private int SensorDatapointsFrom(string host) => File.Exists(Cluster.ReceivedFile) ? Cluster.ReceivedSensorDatapoints(host) : 0;

    private static string TlsBlock(string certificate, string key, string ca, string extra = "") =>
        $"tls {{ enabled = on, certificate = \"{certificate}\", key = \"{key}\", ca = \"{ca}\"{(extra.Length > 0 ? ", " + extra : "")} }}";

    private static void AssertNoSecretIn(string log)
    {
        Assert.DoesNotContain(MasterKeyPassword, log);
        Assert.DoesNotContain("PRIVATE KEY", log);
    }
}
