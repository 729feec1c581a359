using Qulo.Actors.Config;
using Serilog;
using Serilog.Events;

namespace Qulo.Actors.Logging;

/// <summary>Serilog for the daemons: the console and, when configured, a size-rotated file (the original's RotatingFileHandler).</summary>
public static class QuloLogging
{
    /// <summary>The original's words when its log file was unusable.</summary>
    public const string CannotLog = "I cannot log! Try to change the log file in the configuration file.";

    /// <exception cref="IOException">The log file cannot be created or written; the message names it.</exception>
    public static Serilog.Core.Logger Create(LoggingSettings settings, string program, bool console)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(Level(settings.Level))
            .Filter.ByExcluding(IsHandshakeStackTrace)
            .Enrich.WithProperty("Program", program);
        const string template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";
        if (console)
            configuration.WriteTo.Console(outputTemplate: template, standardErrorFromLevel: LogEventLevel.Verbose);
        if (settings.FileName.Length > 0)
        {
            EnsureWritable(settings.FileName);
            var rotate = settings.MaxBytes > 0;
            configuration.WriteTo.File(settings.FileName, outputTemplate: template,
                fileSizeLimitBytes: rotate ? settings.MaxBytes : null,
                rollOnFileSizeLimit: rotate,
                retainedFileCountLimit: rotate ? settings.BackupCount + 1 : null,
                shared: false);
        }
        return configuration.CreateLogger();
    }

    /// <summary>
    /// Akka logs each refused TLS handshake as an error of some twenty lines with a stack trace; a node that is
    /// refused retries every few seconds. QULo's one-line warning (the peer and the reason, ClusterTls) and Akka's
    /// own "Rejected incoming connection ... due to TLS handshake failure" already say it all.
    /// </summary>
    private static bool IsHandshakeStackTrace(LogEvent e) =>
        e.Level == LogEventLevel.Error
        && e.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: "Akka.Remote.Transport.DotNetty.TcpServerHandler" }
        && e.RenderMessage().StartsWith("TLS handshake failed", StringComparison.Ordinal);

    public static LogEventLevel Level(QuloLogLevel level) => level switch
    {
        QuloLogLevel.DEBUG => LogEventLevel.Debug,
        QuloLogLevel.INFO => LogEventLevel.Information,
        QuloLogLevel.WARNING => LogEventLevel.Warning,
        QuloLogLevel.ERROR => LogEventLevel.Error,
        _ => LogEventLevel.Fatal,
    };

    /// <summary>Serilog's file sink swallows its own failures; an admin needs to hear at start-up instead.</summary>
    private static void EnsureWritable(string fileName)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(fileName));
            // A log folder made here is the owner's and the group's only (0750), as install.sh makes /var/log/qulo.
            if (directory is not null && !Directory.Exists(directory))
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            using var _ = new FileStream(fileName, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            File.SetUnixFileMode(fileName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{CannotLog} ({fileName}: {e.Message})", e);
        }
    }
}
