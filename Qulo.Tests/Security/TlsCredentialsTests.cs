using Qulo.Actors.Hosting;
using Xunit;

namespace Qulo.Tests.Security;

/// <summary>How a peer's certificate is judged: by the cluster CA alone.</summary>
public sealed class TlsCredentialsTests
{
    private readonly TestCa _ca = new("QULo test CA");

    [Fact]
    public void A_certificate_the_cluster_ca_signed_is_accepted()
    {
        var credentials = _ca.Credentials(_ca.Issue("head"));
        Assert.Null(credentials.Refusal(_ca.Issue("node1")));
    }

    [Fact]
    public void Self_signed_and_other_ca_certificates_are_refused_as_not_signed_by_the_cluster_ca()
    {
        var credentials = _ca.Credentials(_ca.Issue("head"));
        Assert.Equal("certificate CN=rogue is not signed by the cluster CA (issuer CN=rogue)", credentials.Refusal(TestCa.SelfSigned("rogue")));
        Assert.Equal("certificate CN=node9 is not signed by the cluster CA (issuer CN=Other CA)",
            credentials.Refusal(new TestCa("Other CA").Issue("node9")));
    }

    [Fact]
    public void An_expired_certificate_of_the_cluster_ca_is_refused_with_its_dates()
    {
        var credentials = _ca.Credentials(_ca.Issue("head"));
        var notBefore = DateTimeOffset.UtcNow.AddDays(-20);
        var notAfter = DateTimeOffset.UtcNow.AddDays(-10);
        var expired = _ca.Issue("old", notBefore, notAfter);
        Assert.Equal($"certificate CN=old is expired or not yet valid (valid {expired.NotBefore.ToUniversalTime():u} to {expired.NotAfter.ToUniversalTime():u})",
            credentials.Refusal(expired));
    }

    [Fact]
    public void No_certificate_is_refused()
    {
        Assert.Equal("no certificate presented", _ca.Credentials(_ca.Issue("head")).Refusal(null));
    }

    [Fact]
    public void The_same_files_read_again_are_equal_credentials_so_a_reload_sees_no_change()
    {
        var head = _ca.Issue("head");
        Assert.Equal(_ca.Credentials(head), _ca.Credentials(head));
        Assert.NotEqual(_ca.Credentials(head), _ca.Credentials(_ca.Issue("head")));
    }

    [Theory]
    [InlineData("[::ffff:127.0.0.1]:45678", "from 127.0.0.1:45678")]
    [InlineData("10.1.2.3:45678", "from 10.1.2.3:45678")]
    [InlineData("[fe80::1]:45678", "from [fe80::1]:45678")]
    [InlineData("akka.ssl.tcp://qulo@127.0.0.1:7888", "to akka.ssl.tcp://qulo@127.0.0.1:7888")]
    public void The_refusal_names_the_peer_as_akka_reports_it(string peer, string named)
    {
        Assert.Equal(named, ClusterTls.Peer(peer));
    }
}
