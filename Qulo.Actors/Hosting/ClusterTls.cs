using System.Net;
using Akka.Event;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using Qulo.Actors.Security;

namespace Qulo.Actors.Hosting;

/// <summary>
/// Akka remoting for a node, in plain TCP or with mutual TLS (DotNetty's SSL): the node presents its
/// certificate both when it accepts and when it opens a connection, and accepts a peer only when the
/// cluster CA signed the peer's certificate. Host names are not compared with the certificate: nodes
/// reach each other by IP address, NAT address or host name, and membership is what the CA vouches
/// for (it signs cluster nodes only). A refusal is logged with the peer's address and the reason.
/// </summary>
internal static class ClusterTls
{
    public static AkkaConfigurationBuilder WithRemoting(this AkkaConfigurationBuilder akka, NetworkPlan network, TlsCredentials? tls) =>
        akka.WithRemoting(options =>
        {
            options.HostName = network.BindHost;
            options.Port = network.BindPort;
            options.PublicHostName = network.PublicHost;
            if (tls is null) return;
            options.EnableSsl = true;
            options.Ssl = new SslOptions
            {
                X509Certificate = tls.Certificate,
                SuppressValidation = false,
                RequireMutualAuthentication = true,
                ValidateCertificateHostname = false,
                CustomValidator = PeerValidator(tls),
            };
        });

    /// <summary>
    /// Judges the peer by the cluster CA alone; the errors the system's own validation found (its trust
    /// store, host names) do not count. Akka itself refuses, and logs, a peer that sends no certificate.
    /// </summary>
    public static CertificateValidationCallback PeerValidator(TlsCredentials tls) => (certificate, chain, peer, _, log) =>
    {
        var refusal = tls.Refusal(certificate, chain);
        if (refusal is not null) log.Warning("TLS: refused connection {0}: {1}", Peer(peer), refusal);
        return refusal is null;
    };

    /// <summary>
    /// Akka names the peer by its socket address when it connected to us (the dual-stack listener shows
    /// IPv4 peers as ::ffff:a.b.c.d, written here as a.b.c.d), by its Akka address when we connected to it.
    /// </summary>
    public static string Peer(string peer)
    {
        if (peer.Contains("://", StringComparison.Ordinal)) return "to " + peer;
        return IPEndPoint.TryParse(peer, out var endpoint) && endpoint.Address.IsIPv4MappedToIPv6
            ? $"from {endpoint.Address.MapToIPv4()}:{endpoint.Port}"
            : "from " + peer;
    }
}
