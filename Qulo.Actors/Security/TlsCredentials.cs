using System.Security.Cryptography.X509Certificates;

namespace Qulo.Actors.Security;

/// <summary>
/// A node's identity on the cluster link: its certificate with the private key, and the cluster's
/// private CA that signs every node's certificate. Peers are judged against that CA alone, never the
/// system's trust store. No password is kept: it is only needed while the files are read.
/// </summary>
public sealed class TlsCredentials : IEquatable<TlsCredentials>
{
    public TlsCredentials(X509Certificate2 certificate, X509Certificate2Collection authority)
    {
        Certificate = certificate;
        Authority = authority;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate(s) a peer's certificate must chain to.</summary>
    public X509Certificate2Collection Authority { get; }

    /// <summary>
    /// Why <paramref name="peer"/> is not a cluster member's certificate, or null when the cluster CA signed
    /// it and it is valid now. <paramref name="presented"/> (the chain the peer sent) may supply intermediate
    /// CAs; they are trusted only when they chain to <see cref="Authority"/>. No revocation check: a private
    /// CA has no revocation service; a lost node certificate means a new CA (README).
    /// </summary>
    public string? Refusal(X509Certificate2? peer, X509Chain? presented = null)
    {
        if (peer is null) return "no certificate presented";
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (presented is not null)
            foreach (var element in presented.ChainElements)
                if (!element.Certificate.Equals(peer)) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        if (chain.Build(peer)) return null;

        var problems = chain.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s);
        var who = $"certificate {Describe(peer)}";
        if ((problems & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
            return $"{who} is not signed by the cluster CA (issuer {Name(peer.Issuer)})";
        if ((problems & X509ChainStatusFlags.NotTimeValid) != 0)
            return $"{who} is expired or not yet valid (valid {peer.NotBefore.ToUniversalTime():u} to {peer.NotAfter.ToUniversalTime():u})";
        return $"{who} is invalid: " + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
    }

    /// <summary>The subject, or "without a subject" for a certificate that has none.</summary>
    public static string Describe(X509Certificate2 certificate) => Name(certificate.Subject);

    /// <summary>Same files read again (a reload) are equal: compared by the certificates themselves.</summary>
    public bool Equals(TlsCredentials? other) =>
        other is not null && Certificate.Thumbprint == other.Certificate.Thumbprint
        && Authority.Select(c => c.Thumbprint).SequenceEqual(other.Authority.Select(c => c.Thumbprint));

    public override bool Equals(object? obj) => Equals(obj as TlsCredentials);

    public override int GetHashCode() => Certificate.Thumbprint.GetHashCode(StringComparison.Ordinal);

    /// <summary>What a log may say about it: names and dates, no key material.</summary>
    public override string ToString() =>
        $"certificate {Describe(Certificate)} valid until {Certificate.NotAfter.ToUniversalTime():u}, cluster CA {string.Join(", ", Authority.Select(Describe))}";

    private static string Name(string distinguishedName) => distinguishedName.Length > 0 ? distinguishedName : "(no subject)";
}
