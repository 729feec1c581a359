using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Qulo.Actors.Security;

namespace Qulo.Tests.Security;

/// <summary>
/// A certificate authority made in the test with .NET's CertificateRequest (ECDSA P-256, the extensions
/// the README's openssl commands give), so no openssl is needed to test TLS.
/// </summary>
internal sealed class TestCa
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public TestCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Certificate = request.CreateSelfSigned(Now.AddDays(-30), Now.AddYears(1));
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>A node certificate with its private key, for both ends of a connection (serverAuth and clientAuth).</summary>
    public X509Certificate2 Issue(string name, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        IssueNode(name, Certificate, notBefore ?? Now.AddDays(-1), notAfter ?? Now.AddDays(30));

    /// <summary>A node certificate signed by itself: what a stranger without the cluster CA can make.</summary>
    public static X509Certificate2 SelfSigned(string name) => IssueNode(name, issuer: null, Now.AddDays(-1), Now.AddDays(30));

    public TlsCredentials Credentials(X509Certificate2 node) => new(node, [Certificate]);

    private static X509Certificate2 IssueNode(string name, X509Certificate2? issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        if (issuer is null) return request.CreateSelfSigned(notBefore, notAfter);
        using var signed = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return signed.CopyWithPrivateKey(key);
    }
}

/// <summary>Writes certificates and keys into a folder as an administrator would install them (keys mode 600).</summary>
internal static class PemFiles
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string Certificate(string folder, string name, X509Certificate2 certificate) =>
        Write(folder, name, certificate.ExportCertificatePem() + "\n");

    /// <summary>The private key as PKCS#8 PEM, encrypted when a password is given (openssl pkcs8 -topk8 writes the same).</summary>
    public static string Key(string folder, string name, X509Certificate2 certificate, string? password = null)
    {
        using var key = certificate.GetECDsaPrivateKey()!;
        var pem = password is null
            ? key.ExportPkcs8PrivateKeyPem()
            : key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000));
        return Secret(folder, name, pem + "\n");
    }

    public static string Pkcs12(string folder, string name, X509Certificate2 certificate, string password)
    {
        var file = Path.Combine(folder, name);
        File.WriteAllBytes(file, certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        File.SetUnixFileMode(file, OwnerOnly);
        return file;
    }

    public static string Secret(string folder, string name, string content)
    {
        var file = Write(folder, name, content);
        File.SetUnixFileMode(file, OwnerOnly);
        return file;
    }

    public static string Write(string folder, string name, string content)
    {
        var file = Path.Combine(folder, name);
        File.WriteAllText(file, content);
        return file;
    }
}
