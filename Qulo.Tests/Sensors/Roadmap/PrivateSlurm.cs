using System.Globalization;
using System.Security.Cryptography;
using Qulo.Actors.Cli;
using Qulo.Tests.Support;

namespace Qulo.Tests.Sensors.Roadmap;

/// <summary>
/// A one-node Slurm cluster of the test's own, from Debian's munge, slurmctld, slurmd and slurm-client: its own
/// munge key and socket, its own ports, state and logs in a temporary folder, one node (this host) with one CPU,
/// 1000 MB and two GPUs (gres backed by /dev/null and /dev/zero, for counting only). Commands reach it through
/// SLURM_CONF; <see cref="Squeue"/> is a script that sets it and runs the real squeue. Needs root, as slurmd does.
/// </summary>
internal sealed class PrivateSlurm : IDisposable
{
    public const string Packages = "munge slurmctld slurmd slurm-client";

    private readonly TempDirectory _directory = new("qulo-slurm");
    private readonly List<string> _jobs = [];

    public PrivateSlurm()
    {
        foreach (var program in new[] { "/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/squeue", "/usr/bin/sbatch" })
            if (!File.Exists(program))
                throw new InvalidOperationException($"{program} is missing: install {Packages} (scripts/install-deps.sh does)");
        try
        {
            StartMunge();
            WriteConfiguration();
            Run("/usr/sbin/slurmctld", "-i");
            Run("/usr/sbin/slurmd");
            WaitUntil(() => Run("/usr/bin/sinfo", "--noheader", "--Node", "--format=%T").Trim() == "idle", "the node to be idle");
        }
        catch
        {
            Dispose();
            throw;
        }
        Squeue = _directory.Write("squeue", $"#!/bin/sh\nSLURM_CONF='{Configuration}' exec /usr/bin/squeue \"$@\"\n");
        File.SetUnixFileMode(Squeue, UnixFileMode.UserRead | UnixFileMode.UserExecute);
    }

    /// <summary>Slurm's name for this node: the host name up to its first dot, as the sensor assumes.</summary>
    public string Node { get; } = Environment.MachineName.Split('.')[0];

    /// <summary>A squeue that asks this cluster.</summary>
    public string Squeue { get; }

    private string Configuration => _directory.File("slurm.conf");

    private string MungeSocket => _directory.File("munge/munge.socket");

    /// <summary>sbatch with these arguments, output discarded; returns the job id.</summary>
    public string Submit(params string[] arguments)
    {
        var id = Run("/usr/bin/sbatch", ["--parsable", "--output=/dev/null", .. arguments]).Trim();
        _jobs.Add(id);
        return id;
    }

    public void WaitUntilRunning(string job) =>
        WaitUntil(() => Run("/usr/bin/squeue", "--noheader", "--jobs", job, "--format=%T").Trim() == "RUNNING", $"job {job} to run");

    /// <summary>Cancels the jobs, waits until they are gone from the queue, and stops the controller.</summary>
    public void StopController()
    {
        CancelJobs();
        StopDaemon("slurmctld.pid");
    }

    public void Dispose()
    {
        if (File.Exists(Configuration) && File.Exists(_directory.File("slurmctld.pid"))) CancelJobs();
        foreach (var pidFile in new[] { "slurmd.pid", "slurmctld.pid", "munge/munged.pid" }) StopDaemon(pidFile);
        _directory.Dispose();
    }

    private void StartMunge()
    {
        var munge = Directory.CreateDirectory(_directory.File("munge"));
        munge.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var key = Path.Combine(munge.FullName, "munge.key");
        File.WriteAllBytes(key, RandomNumberGenerator.GetBytes(1024));
        File.SetUnixFileMode(key, UnixFileMode.UserRead);
        Run("/usr/sbin/munged", "--force", $"--socket={MungeSocket}", $"--key-file={key}",
            $"--log-file={munge.FullName}/munged.log", $"--pid-file={munge.FullName}/munged.pid", $"--seed-file={munge.FullName}/munged.seed");
    }

    private void WriteConfiguration()
    {
        Directory.CreateDirectory(_directory.File("state"));
        Directory.CreateDirectory(_directory.File("spool"));
        var folder = _directory.Path;
        var controllerPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var daemonPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        _directory.Write("slurm.conf", $"""
            ClusterName=qulotest
            SlurmctldHost={Node}
            SlurmctldPort={controllerPort}
            SlurmdPort={daemonPort}
            SlurmUser=root
            SlurmdUser=root
            AuthType=auth/munge
            AuthInfo=socket={MungeSocket}
            CredType=cred/munge
            StateSaveLocation={folder}/state
            SlurmdSpoolDir={folder}/spool
            SlurmctldPidFile={folder}/slurmctld.pid
            SlurmdPidFile={folder}/slurmd.pid
            SlurmctldLogFile={folder}/slurmctld.log
            SlurmdLogFile={folder}/slurmd.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_CPU_Memory
            MpiDefault=none
            GresTypes=gpu
            NodeName={Node} CPUs=1 RealMemory=1000 Gres=gpu:2 State=UNKNOWN
            PartitionName=debug Nodes={Node} Default=YES MaxTime=INFINITE State=UP

            """);
        _directory.Write("gres.conf", $"NodeName={Node} Name=gpu File=/dev/null\nNodeName={Node} Name=gpu File=/dev/zero\n");
    }

    private void CancelJobs()
    {
        if (_jobs.Count == 0) return;
        Run("/usr/bin/scancel", [.. _jobs]);
        WaitUntil(() => Run("/usr/bin/squeue", "--noheader", "--format=%i").Trim().Length == 0, "the cancelled jobs to leave the queue");
        _jobs.Clear();
    }

    private void StopDaemon(string pidFile)
    {
        var path = _directory.File(pidFile);
        if (!File.Exists(path) || !int.TryParse(File.ReadAllText(path).Trim(), out var pid)) return;
        Posix.Terminate(pid);
        var deadline = DateTime.UtcNow + ToolProcess.Patience;
        while (Posix.IsAlive(pid) && DateTime.UtcNow < deadline) Thread.Sleep(100);
        File.Delete(path);
    }

    private void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + ToolProcess.Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited {ToolProcess.Patience.TotalSeconds} s for {what}; logs in {_directory.Path}: "
                    + string.Join("\n", new[] { "slurmctld.log", "slurmd.log" }.Where(f => File.Exists(_directory.File(f))).Select(f => File.ReadAllText(_directory.File(f)))));
            Thread.Sleep(250);
        }
    }

    /// <summary>A Slurm or munge program against this cluster; its stdout.</summary>
    private string Run(string program, params string[] arguments)
    {
        var start = ToolProcess.StartInfo(program, arguments);
        start.Environment["SLURM_CONF"] = Configuration;
        return ToolProcess.Output(start);
    }
}
