using System.Globalization;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Cpu;

/// <summary>
/// Reading names of the CPU sensors, built once per CPU rather than at every sample: "3" for CPU 3,
/// "3.user", "3.nice", ... for its time fields, and "user", ... for the machine's.
/// </summary>
internal sealed class CpuReadingNames
{
    private readonly List<string> _cpus = [];
    private readonly List<string[]> _fields = [];

    public static IReadOnlyList<string> MachineFields => CpuTimes.FieldNames;

    public string Cpu(int cpu)
    {
        while (_cpus.Count <= cpu) _cpus.Add(_cpus.Count.ToString(CultureInfo.InvariantCulture));
        return _cpus[cpu];
    }

    public IReadOnlyList<string> Fields(int cpu)
    {
        while (_fields.Count <= cpu)
        {
            var prefix = Cpu(_fields.Count);
            _fields.Add([.. CpuTimes.FieldNames.Select(field => MetricPath.Join(prefix, field))]);
        }
        return _fields[cpu];
    }
}
