using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Operations;

/// <summary>bin/qulo refuses a bad command line or conf.d file with exit code 2 and names the problem; nothing is started.</summary>
public class QuloConfigErrorTests
{
    [Fact]
    public void A_missing_configuration_file_is_exit_code_2_naming_it()
    {
        using var dir = new TempDirectory();
        var result = Scripts.Run("bin/qulo", ["status", "--config-dir", dir.Path]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"cannot read {dir.File("qulo")}", result.Stderr);
    }

    [Theory]
    [InlineData("QULO_MASTER=maybe", "QULO_MASTER=maybe: must be yes or no")]
    [InlineData("QULO_GRAFANA=sometimes", "QULO_GRAFANA=sometimes: must be auto, yes or no")]
    [InlineData("QULO_TIMEOUT=soon", "QULO_TIMEOUT=soon: must be a number of seconds")]
    [InlineData("QULO_CARBON_ADDRESS=localhost", "QULO_CARBON_ADDRESS=localhost: must be HOST:PORT")]
    [InlineData("QULO_SERVICE_MANAGER=upstart", "QULO_SERVICE_MANAGER=upstart: must be auto, systemd, openrc or none")]
    [InlineData("QULO_AGENTS_FILE=/nonexistent/agents", "QULO_AGENTS_FILE=/nonexistent/agents cannot be read")]
    [InlineData("QULO_AGENTS=\"node1", "is not a valid shell file")]
    public void A_bad_setting_is_exit_code_2_naming_the_file_and_the_setting(string line, string message)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("qulo", line + "\n");
        var result = Scripts.Run("bin/qulo", ["start", "--config-dir", dir.Path]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"qulo: {file}: {message}", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData(new string[0], "no command given")]
    [InlineData(new[] { "launch" }, "unknown argument 'launch'")]
    [InlineData(new[] { "start", "stop" }, "one command at a time (start, stop)")]
    [InlineData(new[] { "status", "--config-dir" }, "--config-dir needs a folder")]
    public void A_bad_command_line_is_exit_code_2(string[] arguments, string message)
    {
        var result = Scripts.Run("bin/qulo", arguments);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }
}
