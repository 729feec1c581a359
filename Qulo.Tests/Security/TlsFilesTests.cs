using System.Security.Cryptography.X509Certificates;
using Qulo.Actors.Config;
using Qulo.Actors.Security;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Security;

/// <summary>Reading the `tls` block's files: the forms admins have (openssl's PEM, PKCS#12) and every way they go wrong.</summary>
public sealed class TlsFilesTests : IDisposable
{
    private const string Password = "s3cret-Pa55word";
    private readonly TempDirectory _dir = new("qulo-tls");
    private readonly TestCa _ca = new("QULo test CA");
    private readonly string _caFile;

    public TlsFilesTests() => _caFile = PemFiles.Certificate(_dir.Path, "ca.crt", _ca.Certificate);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_pem_certificate_and_key_signed_by_the_ca_load_with_the_private_key()
    {
        var node = _ca.Issue("node1");
        var credentials = Files(PemFiles.Certificate(_dir.Path, "node1.crt", node), PemFiles.Key(_dir.Path, "node1.key", node)).Load();

        Assert.True(credentials.Certificate.HasPrivateKey);
        Assert.Equal(node.Thumbprint, credentials.Certificate.Thumbprint);
        Assert.Equal([_ca.Certificate.Thumbprint], credentials.Authority.Select(c => c.Thumbprint));
        Assert.Equal($"certificate CN=node1 valid until {node.NotAfter.ToUniversalTime():u}, cluster CA CN=QULo test CA", credentials.ToString());
    }

    [Fact]
    public void One_pem_file_holding_certificate_and_key_needs_no_key_setting()
    {
        var node = _ca.Issue("node1");
        var both = PemFiles.Secret(_dir.Path, "node1.pem", node.ExportCertificatePem() + "\n" + File.ReadAllText(PemFiles.Key(_dir.Path, "k", node)));
        Assert.True(Files(both, key: "").Load().Certificate.HasPrivateKey);
    }

    [Fact]
    public void An_encrypted_key_opens_with_the_password_from_the_password_file_or_inline()
    {
        var node = _ca.Issue("node1");
        var certificate = PemFiles.Certificate(_dir.Path, "node1.crt", node);
        var key = PemFiles.Key(_dir.Path, "node1.key", node, Password);
        var passwordFile = PemFiles.Secret(_dir.Path, "password", Password + "\n");

        Assert.True(Files(certificate, key, passwordFile: passwordFile).Load().Certificate.HasPrivateKey);
        Assert.True(Files(certificate, key, password: Password).Load().Certificate.HasPrivateKey);
    }

    [Fact]
    public void A_wrong_or_missing_password_is_named_without_showing_any_password()
    {
        var node = _ca.Issue("node1");
        var certificate = PemFiles.Certificate(_dir.Path, "node1.crt", node);
        var key = PemFiles.Key(_dir.Path, "node1.key", node, Password);

        var wrong = Refused(Files(certificate, key, password: "not-the-password"));
        Assert.Contains($"tls.key {key} does not fit tls.certificate {certificate} or the password is wrong", wrong);
        Assert.DoesNotContain("not-the-password", wrong);
        Assert.DoesNotContain(Password, wrong);

        Assert.Equal($"tls.key {key} is encrypted; set tls.password-file to a file holding its password", Refused(Files(certificate, key)));
    }

    [Fact]
    public void A_pkcs12_file_opens_with_its_password_and_a_wrong_one_is_refused()
    {
        var node = _ca.Issue("node1");
        var p12 = PemFiles.Pkcs12(_dir.Path, "node1.p12", node, Password);

        Assert.Equal(node.Thumbprint, Files(p12, key: "", password: Password).Load().Certificate.Thumbprint);
        var wrong = Refused(Files(p12, key: "", password: "guess"));
        Assert.StartsWith($"tls.certificate {p12} is neither PEM nor a PKCS#12 file this password opens", wrong);
        Assert.DoesNotContain("guess", wrong);
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_refused()
    {
        var node = _ca.Issue("node1");
        var certificate = PemFiles.Certificate(_dir.Path, "node1.crt", node);
        Assert.Equal($"tls.certificate {certificate} holds no PEM private key (-----BEGIN PRIVATE KEY-----)", Refused(Files(certificate, key: "")));

        var publicOnly = PemFiles.Pkcs12(_dir.Path, "public.p12", X509CertificateLoader.LoadCertificate(node.RawData), Password);
        Assert.Equal($"tls.certificate {publicOnly} holds no private key for CN=node1", Refused(Files(publicOnly, key: "", password: Password)));
    }

    [Fact]
    public void A_key_of_another_certificate_is_refused()
    {
        var certificate = PemFiles.Certificate(_dir.Path, "node1.crt", _ca.Issue("node1"));
        var otherKey = PemFiles.Key(_dir.Path, "node2.key", _ca.Issue("node2"));
        Assert.StartsWith($"tls.key {otherKey} does not fit tls.certificate {certificate}:", Refused(Files(certificate, otherKey)));
    }

    [Fact]
    public void A_key_or_password_file_other_users_can_read_is_refused()
    {
        var node = _ca.Issue("node1");
        var certificate = PemFiles.Certificate(_dir.Path, "node1.crt", node);
        var key = PemFiles.Key(_dir.Path, "node1.key", node);
        File.SetUnixFileMode(key, PemFiles.OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Equal($"tls.key {key} is open to other users (mode 644); it holds a secret: chmod 600 {key} (or 640 with the daemon's group)",
            Refused(Files(certificate, key)));

        File.SetUnixFileMode(key, PemFiles.OwnerOnly | UnixFileMode.GroupRead);
        var passwordFile = _dir.Write("password", Password);
        File.SetUnixFileMode(passwordFile, PemFiles.OwnerOnly | UnixFileMode.OtherRead);
        Assert.StartsWith($"tls.password-file {passwordFile} is open to other users (mode 604)", Refused(Files(certificate, key, passwordFile: passwordFile)));
    }

    [Fact]
    public void Missing_files_and_an_empty_ca_are_named()
    {
        var node = _ca.Issue("node1");
        var certificate = PemFiles.Certificate(_dir.Path, "node1.crt", node);
        var key = PemFiles.Key(_dir.Path, "node1.key", node);

        Assert.Equal($"tls.certificate {_dir.File("none.crt")} does not exist", Refused(Files(_dir.File("none.crt"), key)));
        Assert.Equal($"tls.key {_dir.File("none.key")} does not exist", Refused(Files(certificate, _dir.File("none.key"))));
        Assert.Equal($"tls.ca {_dir.File("none-ca.crt")} does not exist", Refused(Files(certificate, key) with { Ca = _dir.File("none-ca.crt") }));
        var empty = _dir.Write("empty-ca.crt", "# no certificate here\n");
        Assert.Equal($"tls.ca {empty} holds no PEM certificate (-----BEGIN CERTIFICATE-----)", Refused(Files(certificate, key) with { Ca = empty }));
    }

    [Fact]
    public void A_certificate_the_ca_did_not_sign_is_refused_at_load()
    {
        var stranger = TestCa.SelfSigned("stranger");
        var certificate = PemFiles.Certificate(_dir.Path, "stranger.crt", stranger);
        var key = PemFiles.Key(_dir.Path, "stranger.key", stranger);
        Assert.Equal($"tls.certificate {certificate} cannot be used with tls.ca {_caFile}: certificate CN=stranger is not signed by the cluster CA (issuer CN=stranger)",
            Refused(Files(certificate, key)));
    }

    [Fact]
    public void Password_and_password_file_together_are_refused_and_the_record_never_prints_the_password()
    {
        var files = Files("a.crt", "a.key", password: Password, passwordFile: "pw");
        Assert.Equal("tls.password and tls.password-file are both set; keep one (password-file is safer)", Refused(files));
        Assert.DoesNotContain(Password, files.ToString());
        Assert.Contains("Password = (set)", files.ToString());
    }

    private TlsFiles Files(string certificate, string key, string password = "", string passwordFile = "") =>
        new(certificate, key, _caFile, password, passwordFile);

    private static string Refused(TlsFiles files) => Assert.Throws<ConfigException>(files.Load).Message;
}
