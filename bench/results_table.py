#!/usr/bin/python3
"""Writes bench/results/README.md from the raw outputs bench/run-all.sh collected.
Usage: results_table.py RAW_DIR LOAD_COMMAND FOOTPRINT_MINUTES"""
import os, platform, sys

raw, load_command, minutes = sys.argv[1], sys.argv[2], sys.argv[3]


def rows(name):
    return [line.rstrip("\n").split("\t") for line in open(os.path.join(raw, name)) if line.strip()]


def text(name):
    return open(os.path.join(raw, name)).read().strip()


def yes(ok):
    return "met" if ok else "**missed**"


pickle = {r[0]: r for r in rows("pickle.tsv")}
ours = pickle["qulo-EncodeFrames"]
both = pickle["qulo-BufferAndEncode"]
cpython = next(r for k, r in pickle.items() if k.startswith("cpython"))
(_, agents, processes, seconds, rate, sampled, received, missing, duplicates, median, sustained,
 p50, p99, master_cpu, master_rss, malformed) = rows("loadgen.tsv")[0]
(_, buffered, paths, buf_rss, buf_anon, buf_heap, buf_rss_delta, buf_heap_delta) = rows("buffer.tsv")[0]
fp = {r[0]: r for r in rows("footprint.tsv")}
wire = {r[0]: r for r in rows("wire.tsv")}
mb = lambda b: float(b) / 1048576
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())

agent, bare, psutil_agent = fp["qagent"], fp["qagent-bare"], fp["psutil_agent.py"]
stress, psutil_stress = fp["qagent-1s"], fp["psutil_agent.py-1s"]
akka, qulo = fp["idle-node-akka-defaults"], fp["idle-node-qulo-tuning"]
ratio = lambda a, b: f"{float(a) / float(b):.2f}x" if float(b) else "n/a"

print(f"""# QULo for .NET: benchmark results

Machine: {cpu}, {os.cpu_count()} CPUs, Linux {platform.release()}. **Shared** with other engineers building
and testing while this ran: {text("load-start.txt")} at the start, {text("load-end.txt")} at the end. Figures
are medians where a benchmark repeats; read the ratios (both sides ran in the same window) rather than the
absolute numbers. Regenerate with `bench/run-all.sh` (or `bench/run-all.sh --quick`). Causes of the missed
targets, with the evidence and the changes proposed: [findings.md](findings.md).

## Targets

| target | measured | reference, same run | ratio | |
| --- | ---: | ---: | ---: | --- |
| master sustains >= 1,000,000 datapoints/s with 0 lost | {float(median):,.0f}/s median ({float(rate):,.0f}/s offered), {int(missing):,} lost | | | {yes(float(median) >= 1e6 and int(missing) == 0)} |
| sample -> carbon latency p99 <= 2 s | p99 {float(p99):.3f} s, p50 {float(p50):.3f} s | | | {yes(float(p99) <= 2)} |
| agent <= 0.1% of one core | {float(agent[1]):.3f}% | psutil loop {float(psutil_agent[1]):.3f}% | {ratio(agent[1], psutil_agent[1])} | {yes(float(agent[1]) <= 0.1)} |
| agent <= 40 MB private (RssAnon) | {float(agent[2]):.1f} MB (total RSS {float(agent[3]):.1f} MB); bare binary {float(bare[2]):.1f} MB | psutil loop {float(psutil_agent[2]):.1f} MB (RSS {float(psutil_agent[3]):.1f} MB) | {ratio(agent[2], psutil_agent[2])} | {yes(float(agent[2]) <= 40)} |
| pickle frames >= CPython's datapoints/s | {float(ours[2]):,.0f}/s | CPython {float(cpython[2]):,.0f}/s | {ratio(ours[2], cpython[2])} | {yes(float(ours[2]) >= float(cpython[2]))} |
| 1,000,000 buffered datapoints <= 100 MB | {mb(buf_rss):.1f} MB RSS (process total) | | | {yes(mb(buf_rss) <= 100)} |
| each sensor <= 0.5x psutil's time | see [sensors.md](sensors.md) (bench/sensors.sh) | | | |

## Master under load (real qmaster, simulated agents, verifying carbon receiver)

`{load_command}`: {agents} simulated agents (the agent's own Outbox, DeliveryBuffer, MasterLocator, cluster
node and re-join loop; 25 per process), each sampling 100 series `lgNNN.CPUPercent.J` with sequence-numbered
values, into a real `qmaster` whose CarbonSink writes to a carbon pickle receiver (every frame is read by a
strict scanner of the writer's opcodes, one in 16 also unpickled by Razorvine.Pickle and compared point by point;
every series is checked for gaps and duplicates). qmaster measured: `{text("qmaster.txt")}`.

```
{text("loadgen.txt")}
```

| sampled | received | lost | duplicates | median datapoints/s | start-to-last-arrival datapoints/s | latency p50 | latency p99 | qmaster CPU (% of one core) | qmaster RSS peak | malformed frames |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| {int(sampled):,} | {int(received):,} | {int(missing):,} | {int(duplicates):,} | {float(median):,.0f} | {float(sustained):,.0f} | {float(p50):.3f} s | {float(p99):.3f} s | {master_cpu}% | {master_rss} MB | {malformed} |

## Carbon frame encoding vs CPython

`bench/pickle.sh`: BenchmarkDotNet (in process, 3 warm-ups, 15 iterations, median) on 20 frames of 500 datapoints with paths like
`node042.CPUPercent.17`; CPython {cpython[0].split('-')[1]} `pickle.dumps(batch, protocol=2)` plus the length
prefix, `timeit` best of 5, on the same batches (bench/pickle_cpython.py unpickles QULo's frames and checks
they hold exactly its batches).

| encoder | ns per datapoint | datapoints/s | bytes per frame | allocated B per datapoint | vs CPython |
| --- | ---: | ---: | ---: | ---: | ---: |
| QULo FrameEncoder (from the carbon buffer) | {float(ours[1]):.1f} | {float(ours[2]):,.0f} | {float(ours[3]):,.0f} | {ours[4]} | {ratio(ours[2], cpython[2])} |
| QULo buffer + encode (what the master does per point) | {float(both[1]):.1f} | {float(both[2]):,.0f} | {float(both[3]):,.0f} | {both[4]} | {ratio(both[2], cpython[2])} |
| CPython pickle.dumps | {float(cpython[1]):.1f} | {float(cpython[2]):,.0f} | {float(cpython[3]):,.0f} | | 1.00x |

## Agent -> master wire (QuloSerializer)

`bench/wire.sh`: one DeliveryBatch of 1,000 datapoints from one host (the agent's batch-size), BenchmarkDotNet.

| step | ns per datapoint | datapoints/s on one core | allocated B per datapoint |
| --- | ---: | ---: | ---: |
""" + "\n".join(f"| {r[0]} | {float(r[1]):.1f} | {float(r[2]):,.0f} | {r[3]} |" for r in wire.values()) + f"""

## Agent footprint ({minutes} minutes, one window, after 30 s warm-up)

`bench/agent-footprint.sh {minutes}`: the real `qagent` with hocon/qagent.conf (the twenty seed sensors at the
seed intervals) joined to a real `qmaster` on loopback (Graphite off) with the two other qagents (a
4-node cluster, all with QULo's tuning), next to `bench/psutil_agent.py` calling
the same psutil functions at the same intervals; the stress variant sets every interval to 1 s. `qagent` and
`qagent-1s` run with the environment the shipped units give them (deploy/systemd/qulo-agent.service:
`DOTNET_GCgen0size=0x400000`, the GC's first-generation budget); `qagent-bare` is the same binary without it. CPU = (utime +
stime) delta / wall; private = RssAnon; RSS = VmRSS, at the end of the window.

| process | CPU % of one core | private MB | RSS MB |
| --- | ---: | ---: | ---: |
""" + "\n".join(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} |" for r in fp.values()) + f"""

Idle cost of a cluster node, before/after the tuning (Qulo.Actors/Hosting/ClusterTuning.cs: heartbeats and
gossip every 3 s, scheduler tick 100 ms, and on a node with the agent role but not the master's one thread
for actors and timers that sleeps until a timer on the 1 s grid is due (Hosting/AgentLoop.cs), and its cluster
traffic on QULo's transport, handled on the thread that receives it (Hosting/AgentTcpTransport.cs)): `Qulo.LoadGen idle-node --tuning akka` (Akka.Cluster.Hosting with
Akka's defaults) {float(akka[1]):.3f}% vs `--tuning qulo` (the product's agent node) {float(qulo[1]):.3f}% of one
core, {ratio(akka[1], qulo[1])} less; each joined to a master of its own, no actors of their own, the tuned one compiled once as qagent is. qagent itself
also runs without tiered compilation (Qulo.AgentNode.csproj) and with socket completions inline on one event thread (Program.cs). What each change saved, measured side by side,
and what still wakes an idle agent: [findings.md](findings.md), section 4.

## A cluster larger than the heartbeat ring

`bench/cluster-scale.sh 16 4`: a real `qmaster` and 16 real `qagent`s with one hourly sensor each (their
cluster cost alone) on loopback. Past ten nodes each node heartbeats nine others and answers nine (Akka's
`monitored-by-nr-of-members`), where the footprint's 4-node cluster has three of each, and the nodes that do
not watch a dead one learn of it by gossip. Four agents, then, are killed with -9 35 s apart: seconds from
each kill until the master's log marks it unreachable (its HOST.QuloAgent.up goes to 0 then) and removed.
Before QULo turned off Akka's `down-all-when-unstable`, the first kill downed all 17 nodes
([findings.md](findings.md), section 4d).

```
{text("cluster-scale.txt")}
```

## Buffer memory

`Qulo.LoadGen buffer --points 1000000 --agents 1000 --series 100`: the master's carbon buffer (one
DatapointBuffer, graphite.buffer-size default) holding 1,000,000 datapoints over {int(paths):,} distinct paths.

```
{text("buffer.txt")}
```
""")
