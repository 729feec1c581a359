using Xunit;
using Qulo.Tests.Support;

namespace Qulo.Tests.Config;

/// <summary>`check` through the real executables: exit codes and what the admin sees.</summary>
public class CheckCommandTests
{
    [Fact]
    public void Check_prints_each_effective_setting_with_its_origin()
    {
        var result = Executables.Run("qmaster", "check", "-c", FixturePath.Of("config", "seed-qmaster.conf"));
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"master\.host = localhost +# .*seed-qmaster\.conf:2", result.Stdout);
        Assert.Matches(@"graphite\.batch-size = 500 +# default", result.Stdout);
    }

    [Fact]
    public void A_bad_configuration_is_exit_code_2_with_one_line_and_no_stack_trace()
    {
        var file = Path.Combine(Path.GetTempPath(), $"qulo-bad-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "[qmaster]\nincoming data port = http\n");
        try
        {
            var result = Executables.Run("qagent", "check", "-c", file);
            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"qagent: configuration error: {file}:2: master.port = 'http' is not a port (1-65535)", result.Stderr.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_explicit_file_and_a_bad_command_line_are_exit_code_2()
    {
        Assert.Equal(2, Executables.Run("qagent", "check", "-c", "/nonexistent/qagent.conf").ExitCode);
        Assert.Equal(2, Executables.Run("qmaster", "frobnicate").ExitCode);
        Assert.Equal(2, Executables.Run("qmaster", "start", "--timeout", "soon").ExitCode);
    }

    [Theory]
    [InlineData("qagent")]
    [InlineData("qmaster")]
    public void Every_command_has_help(string program)
    {
        foreach (var command in new[] { "run", "start", "stop", "check", "defaults" })
        {
            var result = Executables.Run(program, command, "--help");
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Usage:", result.Stdout);
        }
    }
}
