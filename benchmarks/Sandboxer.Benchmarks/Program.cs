using BenchmarkDotNet.Running;
using Sandboxer.Benchmarks.Engine;

if (args is ["quick-engine"])
{
    QuickDecisionRate.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
