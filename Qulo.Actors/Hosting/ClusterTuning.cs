using Akka.Configuration;

namespace Qulo.Actors.Hosting;

/// <summary>
/// The Akka settings QULo changes from Akka's defaults, for the agent's idle cost (every wake-up on
/// an HPC compute node is jitter for the jobs) and for the master's restart story (README-cluster.md).
/// </summary>
public static class ClusterTuning
{
    public const string Hocon = """
        akka {
          # Akka's 10 ms scheduler tick costs ~5% of a core on an idle node; 100 ms costs ~1%.
          # Timers (sensor intervals, acks, heartbeats) are then 100 ms granular, which is plenty.
          scheduler.tick-duration = 100ms

          cluster {
            # Gossip and leader housekeeping every 4 s instead of 1 s: a quarter of the messages, and
            # membership changes still converge within seconds (an agent's leave, from SIGTERM to its exit:
            # 7.5-10.7 s, where every 3 s took 4.6-5.2 s). 4 s, as the heartbeats: timers of one period fire
            # in the same wake-up of an agent (AgentLoop). The reaper, which turns missed heartbeats into
            # "unreachable", keeps Akka's 1 s on the master (AgentHocon: the heartbeat round on agents).
            gossip-interval = 4s
            leader-actions-interval = 4s
            publish-stats-interval = off

            # Heartbeat every 4 s (Akka: 1 s). A dead node is unreachable once no heartbeat came for
            # heartbeat-interval + acceptable-heartbeat-pause + a phi margin (5.6 standard deviations of the
            # intervals seen: 0.6-4 s, larger while a node is new). Its last heartbeat came 0-4 s before it
            # died, so it is unreachable 2-6 s + margin after its death: the latest as with QULo's former
            # 3 s heartbeats and 3 s pause, with a quarter fewer messages; the master's liveness metric then
            # drops to 0 (ClusterEndToEndTests prints the delay). A live peer's heartbeat may come 2 s + margin
            # late (was 3 s) before it counts as unreachable. Heartbeats every 5 s with a 3 s pause left a
            # 17-node cluster seeing a killed agent only after up to 14.6 s (bench/results/findings.md, 4f).
            failure-detector {
              # Akka's detector warns on every heartbeat once they are 2/3 of the pause apart (here: always);
              # QULo's warns only on a heartbeat that came that much later than its interval.
              implementation-class = "Qulo.Actors.Hosting.HeartbeatFailureDetector, Qulo.Actors"
              heartbeat-interval = 4s
              acceptable-heartbeat-pause = 2s
              threshold = 8.0
              expected-response-after = 4s
            }

            # Joining: retry the master every 4 s forever (an agent may start before the master).
            seed-node-timeout = 4s
            retry-unsuccessful-join-after = 4s
            shutdown-after-unsuccessful-join-seed-nodes = off

            # The split-brain resolver (keep-oldest, role master, set in ClusterNode) acts once the
            # unreachable set has been stable this long: 5 s after detection, not Akka's 20 s.
            split-brain-resolver.stable-after = 5s
            # Akka downs every node, itself included, once unreachability is still unsettled
            # stable-after + 4 s after a node first saw it. In a cluster larger than the heartbeat ring
            # (10 nodes), nodes that do not watch the dead one learn of it, and of the leader's decision,
            # through gossip rounds (3 s then): one kill -9 of an agent among 17 nodes downed the whole cluster,
            # master included (bench/results/findings.md, section 4d). QULo's oldest node is the master,
            # which keep-oldest keeps on any side of a partition, so waiting for a stable view is safe.
            split-brain-resolver.down-all-when-unstable = off

            # A node the resolver downs shuts its actor system down; the agent then joins afresh.
            run-coordinated-shutdown-when-down = on
          }

          coordinated-shutdown {
            # Room to deliver the agent's last datapoints while it leaves.
            phases.before-cluster-shutdown.timeout = 10s
            # Room for the leave itself, which takes two or three 4 s gossip rounds (up to 10.7 s measured):
            # past Akka's 10 s the node stops while still a member, and its peers see it unreachable.
            phases.cluster-exiting.timeout = 20s
            # SIGTERM belongs to the CLI, which cancels RunAsync's token; the host then leaves the
            # cluster through CoordinatedShutdown. Akka's own process-exit hook would race it.
            run-by-clr-shutdown-hook = off
          }

          remote {
            # The transport's own heartbeat is a frame each way on every connection, whether or not the
            # connection carries anything else; between cluster members it tells nothing new (every message
            # counts as a sign of life, and the cluster's heartbeats come every 4 s). It only finds a
            # connection that went silent without closing: after 90-120 s with these settings, 124-128 s
            # with Akka's (every 4 s, 120 s pause). Every 30 s instead of QULo's earlier 10 s: agents of a
            # 17-node cluster used 4-7% less CPU, side by side in both orders (bench/results/findings.md,
            # section 4g).
            transport-failure-detector {
              heartbeat-interval = 30s
              acceptable-heartbeat-pause = 60s
            }
            # An agent waiting for its master would log every refused connection (one per join
            # retry); the cluster's "couldn't join seed nodes" warning already says it.
            log-remote-lifecycle-events = off
          }
        }
        """;

    /// <summary>
    /// Agent-only settings, over <see cref="Hocon"/>: an agent is idle between samples and every wake-up
    /// on a compute node costs the jobs; the master (1,000,000 datapoints/s) keeps Akka's scheduler.
    /// </summary>
    public const string AgentHocon = """
        akka {
          # Every tick of Akka's scheduler wakes its timer thread and, through the thread pool, a
          # cascade of workers (~25 context switches a tick measured with perf stat), whether or not
          # anything is due. An agent's timers are seconds apart (seed sensor intervals 10-300 s, heartbeats
          # and gossip 4 s, ack timeout 5 s), so a 1 s tick fires them all in one wake-up: 311 -> 85
          # context switches/s on an idle qagent (bench/results/findings.md, section 4). Periods that
          # are whole seconds stay exact (strace: 10.0 s between a 10 s sensor's reads); SensorActor
          # gives any other sensor interval a timer of its own.
          scheduler.tick-duration = 1s

          # One thread for the agent's actors and timers (AgentLoop): a timer and the messages it
          # causes run in one wake-up of one thread, and nothing wakes while no timer is due. With
          # Akka's timer wheel and the .NET thread pool, every tick woke the timer thread and a
          # cascade of pool workers. The blocking-IO dispatcher keeps its own threads.
          scheduler.implementation = "Qulo.Actors.Hosting.AgentLoopScheduler, Qulo.Actors"
          actor.default-dispatcher.executor = "Qulo.Actors.Hosting.AgentLoopExecutor, Qulo.Actors"
          actor.internal-dispatcher.executor = "Qulo.Actors.Hosting.AgentLoopExecutor, Qulo.Actors"
          remote.default-remote-dispatcher.executor = "Qulo.Actors.Hosting.AgentLoopExecutor, Qulo.Actors"
          remote.backoff-remote-dispatcher.executor = "Qulo.Actors.Hosting.AgentLoopExecutor, Qulo.Actors"

          # Akka's other periodic timers fire every second or faster; on an agent they only ever find
          # nothing to do, so they move to the 4 s grid of the cluster's timers. The remote watcher
          # heartbeats only nodes outside the cluster (an agent watches none); the endpoint writer's idle
          # check (every half piggyback timeout: 150 ms) and the redelivery tick only act for the rare
          # system messages (watch, unwatch), whose acks and resends may then take 8 s.
          remote {
            watch-failure-detector.heartbeat-interval = 4s
            watch-failure-detector.unreachable-nodes-reaper-interval = 4s
            system-message-ack-piggyback-timeout = 8s
            resend-interval = 8s
          }

          # The cluster's reaper, which turns heartbeats that stopped into "unreachable", and the split-brain
          # resolver's tick (1 s, fixed in Akka: AgentLoopScheduler stretches it) woke an idle agent three
          # times between its heartbeat rounds. On an agent they now run in the round. The master keeps the 1 s
          # reaper, and it watches every agent itself up to ten nodes, so detection there is unchanged; in
          # larger clusters an agent that watches a dead node the master does not watch reports it up to 3 s
          # later, and a leader that is an agent downs a dead node up to 3 s later. Side by side
          # (bench/results/findings.md, section 4h): 0.124% -> 0.111% of a core with the 3 s rounds of then.
          cluster.unreachable-nodes-reaper-interval = 4s
          scheduler.agent-loop.shortest-system-period = 4s

          # One DotNetty event loop each way, for an agent with TLS (on plain TCP it has none: AgentTransportHocon).
          # Two idle threads fewer (23 -> 21); CPU and context switches within the noise.
          remote.dot-netty.tcp {
            server-socket-worker-pool { pool-size-min = 1, pool-size-factor = 1.0, pool-size-max = 1 }
            client-socket-worker-pool { pool-size-min = 1, pool-size-factor = 1.0, pool-size-max = 1 }
          }
        }
        """;

    /// <summary>
    /// The agent's process-wide tuning, before the first socket is created: socket completions run on the
    /// runtime's epoll thread instead of hopping through the thread pool, one thread wake-up fewer for every
    /// message from the master (idle agents on the AgentLoop, side by side: 47.7 -> 31.1 context switches/s).
    /// The runtime reads this only from the environment. On the epoll thread, AgentTcpTransport runs the agent's
    /// actors for the frames it received (short: sensors read on their own dispatcher), and DotNetty's callbacks,
    /// with TLS, only queue work to its event loop; nothing there blocks.
    /// With inline completions the runtime starts one epoll thread per CPU (128 on a 128-core node); an agent's
    /// few connections need one, which also takes the frames of several peers arriving together in one wake-up.
    /// </summary>
    public static void TuneAgentProcess()
    {
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", "1");
    }

    /// <summary>
    /// An agent on plain TCP, over <see cref="AgentHocon"/>: its cluster traffic goes through <see cref="AgentTcpTransport"/>,
    /// without DotNetty's threads, in the frames a DotNetty master reads.
    /// </summary>
    public const string AgentTransportHocon = """
        akka.remote.dot-netty.tcp.transport-class = "Qulo.Actors.Hosting.AgentTcpTransport, Qulo.Actors"
        """;

    public static Akka.Configuration.Config Config { get; } = ConfigurationFactory.ParseString(Hocon);

    private static readonly Akka.Configuration.Config AgentConfig = ConfigurationFactory.ParseString(AgentHocon).WithFallback(Config);

    private static readonly Akka.Configuration.Config AgentPlainTcpConfig = ConfigurationFactory.ParseString(AgentTransportHocon).WithFallback(AgentConfig);

    /// <summary>The tuning of a node with these roles: an agent's (role agent, not master) or the common one.</summary>
    /// <param name="tls">The node's connections use TLS, which only Akka's DotNetty transport carries.</param>
    public static Akka.Configuration.Config For(IReadOnlyCollection<string> roles, bool tls = false) =>
        !roles.Contains(ClusterRoles.Agent) || roles.Contains(ClusterRoles.Master) ? Config
        : tls ? AgentConfig : AgentPlainTcpConfig;
}
