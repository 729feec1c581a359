using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Qulo.Benchmarks.SensorBenchmarks).Assembly).Run(args);
