using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Cpu;

/// <summary>
/// psutil's non-blocking mode (interval=None) for the two-sample CPU sensors: keeps the CPU times of the
/// previous Read() and pairs them with the current ones.
/// </summary>
internal sealed class CpuTimesHistory(FileSystemRoots roots, bool perCpu)
{
    private readonly KeptFile _stat = ProcStat.File(roots);
    private IReadOnlyList<CpuTimes>? _previous;

    public bool PerCpu => perCpu;

    /// <summary>(previous, current) per CPU, or per machine when not per CPU; null on the first call.</summary>
    public IReadOnlyList<(CpuTimes Before, CpuTimes After)>? Advance()
    {
        IReadOnlyList<CpuTimes> current = perCpu ? ProcStat.Read(_stat).PerCpu : [ProcStat.ReadTotal(_stat)];
        var previous = _previous;
        _previous = current;
        // Like psutil's zip(): a CPU that came online since the last sample waits for its second sample.
        return previous?.Zip(current).ToList();
    }
}
