using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Event;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Qulo.Actors.Config;
using Qulo.Actors.Security;
using Qulo.Actors.Serialization;
using Serilog;

namespace Qulo.Actors.Hosting;

/// <summary>Builds the generic host of one cluster node (agent or master): remoting, clustering, the QULo serializer, tuning and logging.</summary>
internal static class ClusterNode
{
    /// <summary>The actor system's name, part of every address: akka.tcp://qulo@HOST:PORT.</summary>
    public const string SystemName = "qulo";

    /// <summary>
    /// Split-brain resolver: keep the side with the oldest "master" member; never down the master for
    /// being alone. Agents cut off from the master down themselves and join again (README-cluster.md).
    /// </summary>
    private static readonly SplitBrainResolverOption Resolver = new KeepOldestOption { DownIfAlone = false, Role = ClusterRoles.Master };

    /// <param name="tls">Mutual TLS on every cluster connection; null: plain TCP.</param>
    public static IHost Build(NetworkPlan network, MasterEndpoint seed, IEnumerable<string> roles, QuloLogLevel level,
        Action<ActorSystem, IActorRegistry> startActors, TlsCredentials? tls = null)
    {
        var builder = NewHostBuilder();
        builder.Services.AddSerilog();
        builder.Services.AddAkka(SystemName, akka =>
        {
            akka.WithSerilog(AkkaLevel(level))
                .AddHocon(ClusterTuning.For(roles.ToArray(), tls is not null), HoconAddMode.Prepend)
                .WithRemoting(network, tls)
                .WithClustering(new ClusterOptions
                {
                    Roles = roles.Distinct().ToArray(),
                    SeedNodes = [NetworkPlan.SeedAddress(seed, tls is not null)],
                    SplitBrainResolver = Resolver,
                })
                .WithQuloSerializer()
                .WithActors(startActors);
        });
        return builder.Build();
    }

    /// <summary>A bare host whose stop is the caller's to decide (see <see cref="CallerOwnedLifetime"/>).</summary>
    public static HostApplicationBuilder NewHostBuilder()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        return builder;
    }

    /// <summary>Akka's log goes to Serilog's static logger, which the CLI configured.</summary>
    public static AkkaConfigurationBuilder WithSerilog(this AkkaConfigurationBuilder akka, LogLevel level) =>
        akka.ConfigureLoggers(loggers =>
        {
            loggers.LogLevel = level;
            loggers.ClearLoggers();
            loggers.AddLogger<SerilogLogger>();
        });

    public static AkkaConfigurationBuilder WithQuloSerializer(this AkkaConfigurationBuilder akka) =>
        akka.WithCustomSerializer(QuloSerializer.Name, [typeof(IQuloWireMessage)], system => new QuloSerializer(system));

    /// <summary>Runs the host until its actor system terminates (downed, or told to re-join) or the token is cancelled, then stops it gracefully.</summary>
    /// <returns>True when the token ended it, false when the actor system ended by itself.</returns>
    public static async Task<bool> RunUntilStoppedAsync(IHost host, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken);
            Systemd.Notify(ServiceState.Ready);
            var system = host.Services.GetRequiredService<ActorSystem>();
            await system.WhenTerminated.WaitAsync(cancellationToken);
            return cancellationToken.IsCancellationRequested;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return true;
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested) Systemd.Notify(ServiceState.Stopping);
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Runs nodes built by <paramref name="build"/> one after the other until the token is cancelled:
    /// a node whose actor system ends by itself (downed by the split-brain resolver, or left because
    /// the master left) is replaced by a fresh one that joins the cluster again.
    /// </summary>
    public static async Task RunRejoiningAsync(Func<IHost> build, string name, CancellationToken cancellationToken)
    {
        while (true)
        {
            using (var host = build())
                if (await RunUntilStoppedAsync(host, cancellationToken)) return;
            Log.Warning("{Node}: out of the cluster; joining again", name);
            try
            {
                await Task.Delay(RejoinPause, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The units are Type=notify: systemd waits for READY=1 (sent once the node runs). The hosting
    /// package's notifier does nothing outside systemd (no NOTIFY_SOCKET). Its SystemdLifetime is not
    /// used because the CLI owns SIGTERM (CallerOwnedLifetime).
    /// </summary>
    private static readonly SystemdNotifier Systemd = new();

    /// <summary>Keeps a node that keeps failing from spinning.</summary>
    private static readonly TimeSpan RejoinPause = TimeSpan.FromSeconds(1);

    private static LogLevel AkkaLevel(QuloLogLevel level) => level switch
    {
        QuloLogLevel.DEBUG => LogLevel.DebugLevel,
        QuloLogLevel.INFO => LogLevel.InfoLevel,
        QuloLogLevel.WARNING => LogLevel.WarningLevel,
        _ => LogLevel.ErrorLevel,
    };
}
