using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Memory;

/// <summary>psutil.virtual_memory(): system memory in bytes from /proc/meminfo, with psutil 5.9's Linux formulas.</summary>
public sealed class VirtualMemorySensor(SensorContext context) : IDescribedSensor
{
    // Declared before Info, whose initialiser reads it.
    private static readonly string[] Fields =
        ["total", "available", "percent", "used", "free", "active", "inactive", "buffers", "cached", "shared", "slab"];

    public static SensorInfo Info { get; } = new(
        "VirtualMemory",
        "System memory in bytes (psutil.virtual_memory): total, available, used, free, active, inactive, buffers, cached, shared, slab; "
        + "percent is the share not available.",
        [],
        Fields.Select(f => $"VirtualMemory.{f}").ToList(),
        context => new VirtualMemorySensor(context));

    private readonly MemInfo _memInfo = new(context.Roots);

    public IReadOnlyList<Reading> Read()
    {
        var mem = _memInfo.Refresh();
        var total = mem.Required("MemTotal");
        var free = mem.Required("MemFree");
        var buffers = mem.Optional("Buffers") ?? 0;
        // Like "free", cached includes reclaimable slab (psutil follows procps-ng here).
        var cached = mem.Optional("Cached") is { } pageCache ? pageCache + (mem.Optional("SReclaimable") ?? 0) : 0;
        var shared = mem.Optional("Shmem") ?? mem.Optional("MemShared") ?? 0;
        var active = mem.Optional("Active") ?? 0;
        var inactive = mem.Optional("Inactive") ?? OldKernelInactive(mem) ?? 0;
        var slab = mem.Optional("Slab") ?? 0;

        var used = total - free - cached - buffers;
        // Negative inside some LXC containers, whose meminfo mixes host and container numbers.
        if (used < 0) used = total - free;

        var available = mem.Optional("MemAvailable") ?? AvailableMemoryEstimate.Estimate(mem, context.Roots);
        if (available < 0) available = 0;
        // Above total is again the LXC symptom; procps-ng falls back on free there too.
        if (available > total) available = free;

        double[] values = [total, available, PsutilMath.UsagePercent(total - available, total), used, free,
            active, inactive, buffers, cached, shared, slab];
        return Fields.Select((field, i) => new Reading(field, values[i])).ToList();
    }

    /// <summary>Kernels 2.4 split inactive memory in three.</summary>
    private static long? OldKernelInactive(MemInfo mem) =>
        mem.Optional("Inact_dirty") is { } dirty && mem.Optional("Inact_clean") is { } clean && mem.Optional("Inact_laundry") is { } laundry
            ? dirty + clean + laundry
            : null;
}
