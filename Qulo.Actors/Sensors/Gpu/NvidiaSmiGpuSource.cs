using System.Globalization;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Commands;

namespace Qulo.Actors.Sensors.Gpu;

/// <summary>
/// GPU readings from `nvidia-smi --query-gpu=... --format=csv,noheader,nounits`, for nodes where
/// libnvidia-ml cannot be loaded in-process. It cannot count compute processes.
/// </summary>
internal sealed class NvidiaSmiGpuSource(string program, TimeSpan timeout) : IGpuSource
{
    private const double MiB = 1024 * 1024;

    /// <summary>The queried columns after the index, the reading each becomes, and the factor to our units.</summary>
    private static readonly (string Query, string Field, double Scale)[] Columns =
    [
        ("utilization.gpu", GpuField.UtilizationGpu, 1),
        ("utilization.memory", GpuField.UtilizationMemory, 1),
        ("memory.used", GpuField.MemoryUsed, MiB),
        ("memory.total", GpuField.MemoryTotal, MiB),
        ("temperature.gpu", GpuField.Temperature, 1),
        ("power.draw", GpuField.PowerDraw, 1),
        ("power.limit", GpuField.PowerLimit, 1),
        ("clocks.sm", GpuField.ClockSm, 1),
        ("clocks.mem", GpuField.ClockMemory, 1),
        ("fan.speed", GpuField.FanSpeed, 1),
        ("ecc.errors.corrected.volatile.total", GpuField.EccCorrected, 1),
        ("ecc.errors.uncorrected.volatile.total", GpuField.EccUncorrected, 1),
    ];

    public static IReadOnlyList<string> Arguments { get; } =
        ["--query-gpu=index," + string.Join(',', Columns.Select(c => c.Query)), "--format=csv,noheader,nounits"];

    /// <summary>nvidia-smi's exit codes for "no device", "driver not loaded" and "NVML not found": the node has nothing to report.</summary>
    private static readonly int[] NoGpuExitCodes = [6, 9, 12];

    /// <summary>nvidia-smi's exit code when a GPU has fallen off the bus; the others are still listed.</summary>
    private const int GpuLostExitCode = 15;

    /// <summary>Printed, on its own line, for a GPU whose handle NVML cannot get (fallen off the bus, needs a reset).</summary>
    private const string HandleFailure = "Unable to determine the device handle";

    /// <summary>Values that say the card is gone rather than that it lacks the feature.</summary>
    private static readonly string[] LostMarkers = ["[GPU is lost]", "[GPU requires reset]"];

    public GpuSurvey Sample()
    {
        var output = ExternalCommand.Run(program, Arguments, timeout);
        if (output is null) return GpuSurvey.Absent($"no {program} and no libnvidia-ml.so.1");
        if (NoGpuExitCodes.Contains(output.ExitCode))
            return GpuSurvey.Absent($"{program}: {FirstLine(output.Combined, $"exit code {output.ExitCode}")}");
        if (output.ExitCode is not (0 or GpuLostExitCode))
            throw new SensorException($"{program} exited with code {output.ExitCode}: {FirstLine(output.Combined, "no output")}");
        var gpus = Parse(program, output.Stdout);
        return gpus.Count > 0 ? GpuSurvey.Of(gpus) : GpuSurvey.Absent($"{program} lists no GPU");
    }

    /// <summary>
    /// One sample per GPU. A GPU whose handle nvidia-smi could not get has a line naming its PCI address
    /// instead of a row; NVML numbers GPUs 0..count-1 with the lost one included, so the indexes that no
    /// row has are the lost ones.
    /// </summary>
    internal static IReadOnlyList<GpuSample> Parse(string program, string csv)
    {
        var samples = new List<GpuSample>();
        var failures = new List<string>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith(HandleFailure, StringComparison.Ordinal)) failures.Add(line);
            else samples.Add(ParseRow(program, line));
        }
        var missing = Enumerable.Range(0, samples.Count + failures.Count).Except(samples.Select(s => s.Index));
        samples.AddRange(missing.Zip(failures, (index, failure) => new GpuSample(index, [], failure)));
        return samples.OrderBy(s => s.Index).ToList();
    }

    private static GpuSample ParseRow(string program, string line)
    {
        var cells = line.Split(',', StringSplitOptions.TrimEntries);
        if (cells.Length != Columns.Length + 1)
            throw Malformed(program, line, $"{cells.Length} columns, expected {Columns.Length + 1}");
        if (!int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw Malformed(program, line, $"the index '{cells[0]}' is not a number");

        var values = new List<Reading>();
        string? failure = null;
        for (var i = 0; i < Columns.Length; i++)
        {
            var (query, field, scale) = Columns[i];
            var cell = cells[i + 1];
            if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                values.Add(new Reading(field, value * scale));
            else if (LostMarkers.Contains(cell))
                failure = $"{query} is {cell}";
            else if (!(cell.StartsWith('[') && cell.EndsWith(']'))) // "[N/A]", "[Not Supported]": the card lacks it
                throw Malformed(program, line, $"{query} '{cell}' is not a number");
        }
        return failure is null ? new GpuSample(index, values) : new GpuSample(index, [], failure);
    }

    private static SensorException Malformed(string program, string line, string problem) =>
        new($"malformed {program} output '{line}': {problem}");

    private static string FirstLine(string text, string fallback) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? fallback;
}
