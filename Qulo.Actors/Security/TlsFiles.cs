using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Qulo.Actors.Config;

namespace Qulo.Actors.Security;

/// <summary>
/// The files of the `tls` block: a PEM certificate and PEM key (or one file holding both, or a PKCS#12
/// file), an optional password (inline or in a file) and the cluster CA. <see cref="Load"/> reads them
/// into <see cref="TlsCredentials"/> or throws a <see cref="ConfigException"/> naming the key, the file
/// and the problem; no message carries the password or key material.
/// </summary>
public sealed record TlsFiles(string Certificate, string Key, string Ca, string Password, string PasswordFile)
{
    private const UnixFileMode ByOthers = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Never prints the password, should a record of this ever reach a log.</summary>
    public override string ToString() =>
        $"TlsFiles {{ Certificate = {Certificate}, Key = {Key}, Ca = {Ca}, PasswordFile = {PasswordFile}, Password = {(Password.Length > 0 ? "(set)" : "(none)")} }}";

    public TlsCredentials Load()
    {
        var password = ReadPassword();
        var certificateBytes = Read("tls.certificate", Certificate);
        var certificate = IsPem(certificateBytes) ? LoadPem(Text(certificateBytes), password) : LoadPkcs12(certificateBytes, password);
        var credentials = new TlsCredentials(certificate, LoadAuthority());
        if (credentials.Refusal(certificate) is { } problem)
            throw new ConfigException($"tls.certificate {Certificate} cannot be used with tls.ca {Ca}: {problem}");
        return credentials;
    }

    private string? ReadPassword()
    {
        if (Password.Length > 0 && PasswordFile.Length > 0)
            throw new ConfigException("tls.password and tls.password-file are both set; keep one (password-file is safer)");
        if (Password.Length > 0) return Password;
        if (PasswordFile.Length == 0) return null;
        var text = Text(Read("tls.password-file", PasswordFile));
        CheckPrivate("tls.password-file", PasswordFile);
        var firstLine = text.Split('\n')[0].TrimEnd('\r');
        return firstLine.Length > 0 ? firstLine : throw new ConfigException($"tls.password-file {PasswordFile}: its first line is empty");
    }

    private X509Certificate2 LoadPem(string certificateText, string? password)
    {
        if (!certificateText.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            throw new ConfigException($"tls.certificate {Certificate} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        var (keySetting, keyFile) = Key.Length > 0 ? ("tls.key", Key) : ("tls.certificate", Certificate);
        var keyText = Text(Read(keySetting, keyFile));
        if (keyText.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
            throw new ConfigException($"{keySetting} {keyFile} is encrypted in OpenSSL's legacy format; convert it to PKCS#8: openssl pkcs8 -topk8 -in OLD.key -out {keyFile}");
        if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            throw new ConfigException($"{keySetting} {keyFile} holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        CheckPrivate(keySetting, keyFile);
        var encrypted = keyText.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        if (encrypted && password is null)
            throw new ConfigException($"{keySetting} {keyFile} is encrypted; set tls.password-file to a file holding its password");
        try
        {
            return encrypted
                ? X509Certificate2.CreateFromEncryptedPem(certificateText, keyText, password)
                : X509Certificate2.CreateFromPem(certificateText, keyText);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new ConfigException($"{keySetting} {keyFile} does not fit tls.certificate {Certificate}" +
                (encrypted ? " or the password is wrong" : "") + $": {e.Message}");
        }
    }

    private X509Certificate2 LoadPkcs12(byte[] bytes, string? password)
    {
        CheckPrivate("tls.certificate", Certificate);
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12(bytes, password);
        }
        catch (CryptographicException e)
        {
            throw new ConfigException($"tls.certificate {Certificate} is neither PEM nor a PKCS#12 file this password opens: {e.Message}");
        }
        return certificate.HasPrivateKey
            ? certificate
            : throw new ConfigException($"tls.certificate {Certificate} holds no private key for {TlsCredentials.Describe(certificate)}");
    }

    private X509Certificate2Collection LoadAuthority()
    {
        var pem = Text(Read("tls.ca", Ca));
        var authority = new X509Certificate2Collection();
        try
        {
            authority.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new ConfigException($"tls.ca {Ca} holds a PEM certificate that cannot be read: {e.Message}");
        }
        return authority.Count > 0
            ? authority
            : throw new ConfigException($"tls.ca {Ca} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    /// <summary>A private key or password other users can read is no secret: refused, as ssh refuses such a key.</summary>
    private static void CheckPrivate(string setting, string path)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & ByOthers) != 0)
            throw new ConfigException($"{setting} {path} is open to other users (mode {Convert.ToString((int)mode, 8)}); " +
                $"it holds a secret: chmod 600 {path} (or 640 with the daemon's group)");
    }

    private static byte[] Read(string setting, string path)
    {
        if (path.Length == 0) throw new ConfigException($"{setting} is empty; tls.enabled needs it");
        if (!File.Exists(path)) throw new ConfigException($"{setting} {path} does not exist");
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot read {setting} {path}: {e.Message}");
        }
    }

    private static bool IsPem(byte[] bytes) => Text(bytes).Contains("-----BEGIN", StringComparison.Ordinal);

    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);
}
