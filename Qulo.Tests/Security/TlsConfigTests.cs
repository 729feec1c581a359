using Qulo.Actors.Config;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Security;

/// <summary>The `tls` block through the configuration loader and `check`: loaded, masked, refused in one line.</summary>
public sealed class TlsConfigTests : IDisposable
{
    private const string Password = "Key-Pa55word-in-config";
    private readonly TempDirectory _dir = new("qulo-tls-config");
    private readonly string _certificate;
    private readonly string _key;
    private readonly string _ca;

    public TlsConfigTests()
    {
        var ca = new TestCa("QULo test CA");
        var node = ca.Issue("node1");
        _ca = PemFiles.Certificate(_dir.Path, "ca.crt", ca.Certificate);
        _certificate = PemFiles.Certificate(_dir.Path, "node1.crt", node);
        _key = PemFiles.Key(_dir.Path, "node1.key", node, Password);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_enabled_tls_block_loads_the_credentials_and_check_masks_the_password()
    {
        var file = _dir.Write("qagent.conf", Hocon($"enabled = on, password = \"{Password}\""));
        var loaded = ConfigLoader.LoadAgent(file);

        Assert.Equal("CN=node1", loaded.Settings.Tls!.Certificate.Subject);
        Assert.Equal("********", loaded.Effective.Single(s => s.Key == "tls.password").Value);
        Assert.DoesNotContain(loaded.Effective, s => s.Value.Contains(Password));

        var check = Executables.Run("qagent", "check", "-c", file);
        Assert.Equal(0, check.ExitCode);
        Assert.Matches(@"tls\.password = \*{8} +# .*qagent\.conf:", check.Stdout);
        Assert.DoesNotContain(Password, check.Stdout + check.Stderr);
    }

    [Fact]
    public void The_legacy_ini_format_takes_a_tls_section()
    {
        var passwordFile = PemFiles.Secret(_dir.Path, "password", Password);
        var file = _dir.Write("qmaster.ini",
            $"[qmaster]\nhost = 127.0.0.1\n[tls]\nenabled = yes\ncertificate = {_certificate}\nkey = {_key}\npassword_file = {passwordFile}\nca = {_ca}\n");
        Assert.Equal("CN=node1", ConfigLoader.LoadMaster(file).Settings.Tls!.Certificate.Subject);
    }

    [Fact]
    public void Tls_off_reads_no_file()
    {
        var file = _dir.Write("qagent.conf", Hocon("enabled = off", key: "/nonexistent/node.key"));
        Assert.Null(ConfigLoader.LoadAgent(file).Settings.Tls);
    }

    [Theory]
    [InlineData("qagent", "check")]
    [InlineData("qmaster", "run")]
    public void A_broken_tls_setup_is_exit_code_2_with_one_line_and_no_password(string program, string command)
    {
        var file = _dir.Write("broken.conf", Hocon($"enabled = on, password = \"{Password}\"", key: _dir.File("missing.key")));
        var result = Executables.Run(program, command, "-c", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"{program}: configuration error: tls.key {_dir.File("missing.key")} does not exist", result.Stderr.Trim());
        Assert.DoesNotContain(Password, result.Stdout + result.Stderr);
    }

    private string Hocon(string tls, string? key = null) => $$"""
        qulo {
          logging { filename = "" }
          tls { certificate = "{{_certificate}}", key = "{{key ?? _key}}", ca = "{{_ca}}", {{tls}} }
        }
        """;
}
