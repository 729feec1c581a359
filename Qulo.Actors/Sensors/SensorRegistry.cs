using System.Reflection;

namespace Qulo.Actors.Sensors;

/// <summary>Every sensor this build knows, found from the code (never a second hand-kept list).</summary>
public static class SensorRegistry
{
    private static readonly Lazy<IReadOnlyDictionary<string, SensorInfo>> ByName = new(Discover);

    public static IReadOnlyCollection<SensorInfo> All => ByName.Value.Values.ToList();

    public static IEnumerable<string> Names => ByName.Value.Keys;

    public static bool TryGet(string name, out SensorInfo info) => ByName.Value.TryGetValue(name, out info!);

    public static SensorInfo Get(string name) => TryGet(name, out var info)
        ? info
        : throw new ArgumentException($"{name}: invalid sensor name; valid names are: {string.Join(", ", Names)}");

    private static IReadOnlyDictionary<string, SensorInfo> Discover()
    {
        var infos = typeof(SensorRegistry).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IDescribedSensor).IsAssignableFrom(t))
            .Select(t => (SensorInfo)t.GetProperty(nameof(IDescribedSensor.Info), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);
        return new SortedDictionary<string, SensorInfo>(infos.ToDictionary(i => i.Name), StringComparer.Ordinal);
    }
}
