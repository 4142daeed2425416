using BenchmarkDotNet.Running;
using Sandboxer.Benchmarks.Engine;
using Sandboxer.Benchmarks.Profiling;
using Sandboxer.Benchmarks.Tracing;

if (args is ["quick-engine"])
{
    QuickDecisionRate.Run(Console.Out);
    return 0;
}

if (args.Length > 0 && args[0] == "tracing-overhead" && OperatingSystem.IsLinux())
{
    return await TracingOverhead.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "profile-ratio" && OperatingSystem.IsLinux())
{
    return await ProfileRatio.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
