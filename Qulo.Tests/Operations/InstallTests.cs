using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Operations;

/// <summary>scripts/install.sh and uninstall.sh into a folder standing for / (a target that runs systemd).</summary>
public class InstallTests
{
    private const string EditedAgentConfig = "# the admin's own\nqulo { master { port = 7999 } }\n";

    [Fact]
    [Trait(Category.Name, Category.EndToEnd)]
    public void Install_lays_out_programs_configs_and_units_keeping_an_edited_config_and_uninstall_keeps_configs_and_logs()
    {
        using var root = new TempDirectory("qulo-root");
        Directory.CreateDirectory(root.File("run/systemd/system"));
        Directory.CreateDirectory(root.File("etc/qulo"));
        File.WriteAllText(root.File("etc/qulo/qagent.conf"), EditedAgentConfig);

        var installed = Scripts.Run("scripts/install.sh", ["--root", root.Path, "--prefix", "/usr"], TimeSpan.FromMinutes(15));
        Assert.True(installed.ExitCode == 0, installed.Stdout + installed.Stderr);

        foreach (var program in new[] { "qagent", "qmaster" })
        {
            var executable = root.File($"opt/qulo/{program}/{program}");
            Assert.Equal("0755", Mode(executable));
            Assert.True(File.Exists(root.File($"opt/qulo/{program}/libcoreclr.so")), $"{program} is self-contained: " + installed.Stderr);
            Assert.Equal($"/opt/qulo/{program}/{program}", new FileInfo(root.File($"usr/bin/{program}")).LinkTarget);
            var defaults = Scripts.Exec(executable, ["defaults"]);
            Assert.True(defaults.ExitCode == 0 && defaults.Stdout.Contains("qulo {"), $"the installed {program} runs: {defaults.Stderr}");
        }
        Assert.Equal("/opt/qulo/bin/qulo", new FileInfo(root.File("usr/bin/qulo")).LinkTarget);
        Assert.Equal("0755", Mode(root.File("opt/qulo/bin/qulo")));
        Assert.Equal("0755", Mode(root.File("opt/qulo/scripts/graphite/start.sh")));
        Assert.Equal("0755", Mode(root.File("opt/qulo/scripts/install-deps.sh")));

        Assert.Equal(EditedAgentConfig, File.ReadAllText(root.File("etc/qulo/qagent.conf")));
        Assert.Equal(File.ReadAllText(Scripts.PathOf("hocon/qagent.conf")), File.ReadAllText(root.File("etc/qulo/qagent.conf.new")));
        Assert.Contains("kept your /etc/qulo/qagent.conf; the shipped one is /etc/qulo/qagent.conf.new", installed.Stdout);
        Assert.Equal(File.ReadAllText(Scripts.PathOf("hocon/qmaster.conf")), File.ReadAllText(root.File("etc/qulo/qmaster.conf")));
        Assert.Equal("0640", Mode(root.File("etc/qulo/qmaster.conf")));
        Assert.Equal("0640", Mode(root.File("etc/qulo/qagent.conf.new")));
        Assert.Equal("0644", Mode(root.File("etc/conf.d/qulo")));
        Assert.Equal("0750", Mode(root.File("var/log/qulo")));

        foreach (var unit in new[] { "qulo-master", "qulo-agent" })
            Assert.Equal("0644", Mode(root.File($"etc/systemd/system/{unit}.service")));
        Assert.Contains("ExecStart=/usr/bin/qmaster run -c /etc/qulo/qmaster.conf\n", File.ReadAllText(root.File("etc/systemd/system/qulo-master.service")));
        Assert.Contains("ExecStart=/usr/bin/qagent run -c /etc/qulo/qagent.conf\n", File.ReadAllText(root.File("etc/systemd/system/qulo-agent.service")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(root.Path, "*", SearchOption.AllDirectories),
            path => !new FileInfo(path).Attributes.HasFlag(FileAttributes.ReparsePoint) && File.GetUnixFileMode(path).HasFlag(UnixFileMode.OtherWrite));

        var removed = Scripts.Run("scripts/uninstall.sh", ["--root", root.Path, "--prefix", "/usr"]);
        Assert.True(removed.ExitCode == 0, removed.Stdout + removed.Stderr);
        Assert.False(Directory.Exists(root.File("opt/qulo")), "the programs are removed");
        foreach (var gone in new[] { "usr/bin/qagent", "usr/bin/qmaster", "usr/bin/qulo", "etc/systemd/system/qulo-master.service", "etc/systemd/system/qulo-agent.service" })
            Assert.False(File.Exists(root.File(gone)) || new FileInfo(root.File(gone)).LinkTarget is not null, $"{gone} is removed");
        Assert.Equal(EditedAgentConfig, File.ReadAllText(root.File("etc/qulo/qagent.conf")));
        Assert.True(File.Exists(root.File("etc/qulo/qmaster.conf")) && File.Exists(root.File("etc/conf.d/qulo")), "configurations are kept");
        Assert.True(Directory.Exists(root.File("var/log/qulo")), "the logs are kept");
        Assert.Contains("kept /etc/qulo, /etc/conf.d/qulo, /var/log/qulo", removed.Stdout);
    }

    [Fact]
    public void A_bad_option_or_a_relative_prefix_is_exit_code_2()
    {
        var unknown = Scripts.Run("scripts/install.sh", ["--frobnicate"]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown argument '--frobnicate'", unknown.Stderr);
        var relative = Scripts.Run("scripts/uninstall.sh", ["--prefix", "usr/local"]);
        Assert.Equal(2, relative.ExitCode);
        Assert.Contains("--prefix must be an absolute path", relative.Stderr);
    }

    private static string Mode(string path) => Scripts.Octal(Scripts.ModeOf(path));
}
