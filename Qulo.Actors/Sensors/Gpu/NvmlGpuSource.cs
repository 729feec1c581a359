using System.Runtime.InteropServices;
using Qulo.Actors.Metrics;

namespace Qulo.Actors.Sensors.Gpu;

/// <summary>
/// GPU readings from NVML (libnvidia-ml.so.1, the library nvidia-smi itself uses), called in-process: no
/// process to start per sample. Functions are looked up by name so that a driver lacking the newer
/// process-list entry point still works. NVML is initialised once and left initialised for the life of the
/// agent, as monitoring daemons (DCGM, the Prometheus exporters) do.
/// </summary>
/// <remarks>
/// Tests run it against a C stand-in for the library (GpuNvmlEndToEndTests); on a GPU node, scripts/gpu-parity.py
/// compares it with NVML's Python binding and nvidia-smi. Keep it a thin transcription of the NVML calls.
/// </remarks>
internal sealed unsafe class NvmlGpuSource : IGpuSource
{
    public const string Library = "libnvidia-ml.so.1";

    // nvmlReturn_t values this code tells apart.
    private const int Success = 0;
    private const int InsufficientSize = 7;
    private const int GpuIsLost = 15;

    // Enum arguments: nvmlTemperatureSensors_t, nvmlClockType_t, nvmlMemoryErrorType_t, nvmlEccCounterType_t.
    private const int TemperatureGpu = 0;
    private const int ClockSm = 1;
    private const int ClockMemory = 2;
    private const int ErrorCorrected = 0;
    private const int ErrorUncorrected = 1;
    private const int VolatileCounter = 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct Utilization { public uint Gpu; public uint Memory; }

    [StructLayout(LayoutKind.Sequential)]
    private struct Memory { public ulong Total; public ulong Free; public ulong Used; }

    /// <summary>nvmlMemory_v2_t: Used leaves out the memory the driver reserves, as nvidia-smi shows it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MemoryV2 { public uint Version; public ulong Total; public ulong Reserved; public ulong Free; public ulong Used; }

    /// <summary>NVML_STRUCT_VERSION(Memory, 2): the structure's size with the version in the top byte.</summary>
    private static readonly uint MemoryV2Version = (uint)sizeof(MemoryV2) | 2u << 24;

    private readonly delegate* unmanaged<int, IntPtr> _errorString;
    private readonly delegate* unmanaged<uint*, int> _getCount;
    private readonly delegate* unmanaged<uint, IntPtr*, int> _getHandle;
    private readonly delegate* unmanaged<IntPtr, Utilization*, int> _getUtilization;
    private readonly delegate* unmanaged<IntPtr, Memory*, int> _getMemory;
    private readonly delegate* unmanaged<IntPtr, MemoryV2*, int> _getMemoryV2;
    private readonly delegate* unmanaged<IntPtr, int, uint*, int> _getTemperature;
    private readonly delegate* unmanaged<IntPtr, uint*, int> _getPowerUsage;
    private readonly delegate* unmanaged<IntPtr, uint*, int> _getPowerLimit;
    private readonly delegate* unmanaged<IntPtr, int, uint*, int> _getClock;
    private readonly delegate* unmanaged<IntPtr, uint*, int> _getFanSpeed;
    private readonly delegate* unmanaged<IntPtr, int, int, ulong*, int> _getEccErrors;
    private readonly delegate* unmanaged<IntPtr, uint*, void*, int> _getComputeProcesses;
    private readonly string? _initFailure;

    private NvmlGpuSource(IntPtr library)
    {
        IntPtr Export(string name) => NativeLibrary.GetExport(library, name);
        _errorString = (delegate* unmanaged<int, IntPtr>)Export("nvmlErrorString");
        _getCount = (delegate* unmanaged<uint*, int>)Export("nvmlDeviceGetCount_v2");
        _getHandle = (delegate* unmanaged<uint, IntPtr*, int>)Export("nvmlDeviceGetHandleByIndex_v2");
        _getUtilization = (delegate* unmanaged<IntPtr, Utilization*, int>)Export("nvmlDeviceGetUtilizationRates");
        _getMemory = (delegate* unmanaged<IntPtr, Memory*, int>)Export("nvmlDeviceGetMemoryInfo");
        // Drivers before 510 lack _v2; their v1 "used" counts the driver's reserved memory (615 MiB on an H200 with
        // driver 580), so the two sources of this sensor would disagree on an idle GPU.
        _getMemoryV2 = (delegate* unmanaged<IntPtr, MemoryV2*, int>)(NativeLibrary.TryGetExport(library, "nvmlDeviceGetMemoryInfo_v2", out var memoryV2)
            ? memoryV2
            : IntPtr.Zero);
        _getTemperature = (delegate* unmanaged<IntPtr, int, uint*, int>)Export("nvmlDeviceGetTemperature");
        _getPowerUsage = (delegate* unmanaged<IntPtr, uint*, int>)Export("nvmlDeviceGetPowerUsage");
        _getPowerLimit = (delegate* unmanaged<IntPtr, uint*, int>)Export("nvmlDeviceGetEnforcedPowerLimit");
        _getClock = (delegate* unmanaged<IntPtr, int, uint*, int>)Export("nvmlDeviceGetClockInfo");
        _getFanSpeed = (delegate* unmanaged<IntPtr, uint*, int>)Export("nvmlDeviceGetFanSpeed");
        _getEccErrors = (delegate* unmanaged<IntPtr, int, int, ulong*, int>)Export("nvmlDeviceGetTotalEccErrors");
        // Only the count is asked for, so any version of the process record will do; drivers before 510 lack _v3.
        _getComputeProcesses = (delegate* unmanaged<IntPtr, uint*, void*, int>)(NativeLibrary.TryGetExport(library, "nvmlDeviceGetComputeRunningProcesses_v3", out var v3)
            ? v3
            : Export("nvmlDeviceGetComputeRunningProcesses"));
        var init = (delegate* unmanaged<int>)Export("nvmlInit_v2");
        var result = init();
        _initFailure = result == Success ? null : $"nvmlInit: {ErrorString(result)}";
    }

    /// <summary>The NVML source, or null when libnvidia-ml.so.1 cannot be loaded (no driver installed).</summary>
    public static IGpuSource? TryOpen() =>
        NativeLibrary.TryLoad(Library, out var library) ? new NvmlGpuSource(library) : null;

    public GpuSurvey Sample()
    {
        if (_initFailure is not null) return GpuSurvey.Absent(_initFailure);
        uint count;
        var result = _getCount(&count);
        if (result != Success) throw new SensorException($"nvmlDeviceGetCount: {ErrorString(result)}");
        if (count == 0) return GpuSurvey.Absent("NVML lists no GPU");

        var gpus = new List<GpuSample>();
        for (uint index = 0; index < count; index++)
        {
            IntPtr device;
            result = _getHandle(index, &device);
            gpus.Add(result == Success ? Read((int)index, device) : new GpuSample((int)index, [], $"nvmlDeviceGetHandleByIndex: {ErrorString(result)}"));
        }
        return GpuSurvey.Of(gpus);
    }

    /// <summary>Every query of one GPU; one the card does not support is left out, and GPU_IS_LOST from any fails the GPU.</summary>
    private GpuSample Read(int index, IntPtr device)
    {
        var values = new List<Reading>();
        string? failure = null;
        void Add(int result, string field, double value)
        {
            if (result == Success) values.Add(new Reading(field, value));
            else if (result == GpuIsLost) failure = $"{field}: {ErrorString(result)}";
        }

        Utilization utilization;
        var result = _getUtilization(device, &utilization);
        Add(result, GpuField.UtilizationGpu, utilization.Gpu);
        Add(result, GpuField.UtilizationMemory, utilization.Memory);
        var (used, total) = ReadMemory(device, out result);
        Add(result, GpuField.MemoryUsed, used);
        Add(result, GpuField.MemoryTotal, total);
        uint number;
        Add(_getTemperature(device, TemperatureGpu, &number), GpuField.Temperature, number);
        Add(_getPowerUsage(device, &number), GpuField.PowerDraw, number / 1000.0); // milliwatts
        Add(_getPowerLimit(device, &number), GpuField.PowerLimit, number / 1000.0);
        Add(_getClock(device, ClockSm, &number), GpuField.ClockSm, number);
        Add(_getClock(device, ClockMemory, &number), GpuField.ClockMemory, number);
        Add(_getFanSpeed(device, &number), GpuField.FanSpeed, number);
        ulong errors;
        Add(_getEccErrors(device, ErrorCorrected, VolatileCounter, &errors), GpuField.EccCorrected, errors);
        Add(_getEccErrors(device, ErrorUncorrected, VolatileCounter, &errors), GpuField.EccUncorrected, errors);
        uint processes = 0;
        result = _getComputeProcesses(device, &processes, null);
        Add(result == InsufficientSize ? Success : result, GpuField.Processes, processes); // too small a buffer (none) is how NVML gives the count

        return failure is null ? new GpuSample(index, values) : new GpuSample(index, [], failure);
    }

    /// <summary>Used and total bytes, from nvmlDeviceGetMemoryInfo_v2 where the driver has it.</summary>
    private (ulong Used, ulong Total) ReadMemory(IntPtr device, out int result)
    {
        if (_getMemoryV2 != null)
        {
            var memoryV2 = new MemoryV2 { Version = MemoryV2Version };
            result = _getMemoryV2(device, &memoryV2);
            return (memoryV2.Used, memoryV2.Total);
        }
        Memory memory;
        result = _getMemory(device, &memory);
        return (memory.Used, memory.Total);
    }

    private string ErrorString(int result) => Marshal.PtrToStringUTF8(_errorString(result)) ?? $"NVML error {result}";
}
