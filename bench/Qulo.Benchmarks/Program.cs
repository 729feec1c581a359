using BenchmarkDotNet.Running;
using Qulo.Actors.Sensors;

// "--sensors" lists the registered sensors for bench/sensors.sh; anything else goes to BenchmarkDotNet.
if (args is ["--sensors"])
{
    foreach (var name in SensorRegistry.Names) Console.WriteLine(name);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Qulo.Benchmarks.SensorBenchmarks).Assembly).Run(args);
