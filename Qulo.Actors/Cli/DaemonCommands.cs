using System.CommandLine;
using System.Runtime.InteropServices;
using Qulo.Actors.Config;
using Qulo.Actors.Logging;
using Serilog;

namespace Qulo.Actors.Cli;

/// <summary>start, stop, run and check, the same for qagent and qmaster.</summary>
public static class DaemonCommands
{
    public static RootCommand Build<TSettings>(DaemonProgram<TSettings> program, params Command[] extra)
    {
        var root = new RootCommand(program.Description);
        root.Subcommands.Add(Run(program));
        root.Subcommands.Add(Start(program));
        root.Subcommands.Add(Stop(program));
        root.Subcommands.Add(Check(program));
        root.Subcommands.Add(PrintDefaults(program));
        if (program.Reload is not null) root.Subcommands.Add(ReloadCommand(program));
        foreach (var command in extra) root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Parses and runs; a command line that does not parse is exit code 2, as a bad configuration is.</summary>
    public static int Invoke(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"{root.Name}: {error.Message}");
            Console.Error.WriteLine($"Try '{root.Name} --help'.");
            return ExitCodes.Usage;
        }
        return parsed.Invoke();
    }

    /// <summary>Loads the configuration, or says what is wrong with it (exit code 2, no stack trace).</summary>
    public static bool TryLoad<TSettings>(DaemonProgram<TSettings> program, string? file, out Loaded<TSettings> loaded)
    {
        try
        {
            loaded = program.Load(file);
            return true;
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"{program.Name}: configuration error: {e.Message}");
            loaded = null!;
            return false;
        }
    }

    private static Command Run<TSettings>(DaemonProgram<TSettings> program)
    {
        var config = CommonOptions.Config(program.DefaultConfigFile);
        var pidFile = new Option<string?>("--pidfile", "-p") { Description = "write this pid file while running (none unless given)" };
        var roles = CommonOptions.Roles();
        var command = new Command("run", $"run {program.Name} in the foreground (systemd, containers, tests); SIGTERM/SIGINT stop it gracefully")
        {
            config, pidFile, roles,
        };
        command.SetAction(result => RunForeground(program, result.GetValue(config), result.GetValue(pidFile), result.GetValue(roles) ?? []));
        return command;
    }

    private static int RunForeground<TSettings>(DaemonProgram<TSettings> program, string? configFile, string? pidPath, IReadOnlyList<string> roles)
    {
        if (!TryLoad(program, configFile, out var loaded)) return ExitCodes.Usage;
        Posix.RestrictCreatedFileModes();
        try
        {
            Log.Logger = QuloLogging.Create(program.Logging(loaded.Settings), program.Name, console: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"{program.Name}: {e.Message}");
            return ExitCodes.Failure;
        }

        var pid = Environment.ProcessId;
        var pidFile = pidPath is null ? null : new PidFile(pidPath);
        if (pidFile?.LivePid() is { } other && other != pid)
        {
            Log.Error("{Program} is already running as pid {Pid} (pid file {PidFile})", program.Name, other, pidFile.Path);
            Log.CloseAndFlush();
            return ExitCodes.Failure;
        }

        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sighup = program.Reload is null ? null : PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            Reload(program, configFile, ref loaded);
        });
        try
        {
            pidFile?.Write(pid);
            Log.Information("{Program} starting (pid {Pid}, configuration {File})", program.Name, pid, loaded.File ?? "defaults");
            program.Run(loaded.Settings, roles, stopping.Token).GetAwaiter().GetResult();
            Log.Information("{Program} stopped", program.Name);
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Fatal(e, "{Program} failed", program.Name);
            return ExitCodes.Failure;
        }
        finally
        {
            pidFile?.Remove(pid);
            Log.CloseAndFlush();
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    /// <summary>Re-reads the configuration; a broken one is rejected and the running one stays.</summary>
    private static void Reload<TSettings>(DaemonProgram<TSettings> program, string? configFile, ref Loaded<TSettings> running)
    {
        Loaded<TSettings> fresh;
        try
        {
            fresh = program.Load(configFile);
        }
        catch (ConfigException e)
        {
            Log.Error("Reload rejected, the running configuration stays: {Problem}", e.Message);
            return;
        }
        program.Reload!(running.Settings, fresh.Settings);
        running = fresh;
        Log.Information("Configuration reloaded from {File}", fresh.File ?? "defaults");
    }

    private static Command ReloadCommand<TSettings>(DaemonProgram<TSettings> program)
    {
        var pidFile = CommonOptions.PidFile(program.DefaultPidFile, "of the daemon to reload");
        var command = new Command("reload", $"make the running {program.Name} re-read its configuration (SIGHUP); a broken one is rejected and logged") { pidFile };
        command.SetAction(result =>
        {
            var file = new PidFile(result.GetValue(pidFile) ?? program.DefaultPidFile);
            if (file.LivePid() is not { } pid)
            {
                Console.Error.WriteLine($"{program.Name}: not running (pid file {file.Path})");
                return ExitCodes.Failure;
            }
            if (!Posix.Hangup(pid))
            {
                Console.Error.WriteLine($"{program.Name}: cannot signal pid {pid} (permission denied?)");
                return ExitCodes.Failure;
            }
            Console.WriteLine($"{program.Name} (pid {pid}) told to reload; its log says whether the configuration was taken");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Start<TSettings>(DaemonProgram<TSettings> program)
    {
        var config = CommonOptions.Config(program.DefaultConfigFile);
        var pidFile = CommonOptions.PidFile(program.DefaultPidFile, "to write");
        var roles = CommonOptions.Roles();
        var timeout = CommonOptions.Timeout(30, "for the daemon to come up");
        var command = new Command("start", $"start {program.Name} in the background and write its pid file") { config, pidFile, roles, timeout };
        command.SetAction(result => Daemon.Start(program, result.GetValue(config), result.GetValue(pidFile) ?? program.DefaultPidFile,
            result.GetValue(roles) ?? [], TimeSpan.FromSeconds(result.GetValue(timeout))));
        return command;
    }

    private static Command Stop<TSettings>(DaemonProgram<TSettings> program)
    {
        var pidFile = CommonOptions.PidFile(program.DefaultPidFile, "of the daemon to stop");
        var timeout = CommonOptions.Timeout(30, "for the daemon to end");
        var command = new Command("stop", $"stop the {program.Name} named by the pid file (SIGTERM) and wait until it is gone") { pidFile, timeout };
        command.SetAction(result => Daemon.Stop(program.Name, new PidFile(result.GetValue(pidFile) ?? program.DefaultPidFile),
            TimeSpan.FromSeconds(result.GetValue(timeout))));
        return command;
    }

    private static Command PrintDefaults<TSettings>(DaemonProgram<TSettings> program)
    {
        var command = new Command("defaults", $"print a {program.Name}.conf with every option and its default, documented (HOCON)");
        command.SetAction(_ =>
        {
            Console.Write(ConfigDocumentation.Hocon(program.Kind));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Check<TSettings>(DaemonProgram<TSettings> program)
    {
        var config = CommonOptions.Config(program.DefaultConfigFile);
        var command = new Command("check", "validate the configuration and print the effective settings and where each came from") { config };
        command.SetAction(result =>
        {
            if (!TryLoad(program, result.GetValue(config), out var loaded)) return ExitCodes.Usage;
            Console.WriteLine(loaded.File is null
                ? $"# no configuration file ({result.GetValue(config) ?? program.DefaultConfigFile} is absent): all defaults"
                : $"# configuration file {loaded.File} is valid");
            var width = loaded.Effective.Max(s => s.Key.Length + s.Value.Length + 3);
            foreach (var setting in loaded.Effective)
                Console.WriteLine($"{$"{setting.Key} = {setting.Value}".PadRight(width)}  # {setting.Origin}");
            return ExitCodes.Success;
        });
        return command;
    }
}
