// Benchmarks a person runs and compares side by side: `dotnet run -c Release --project tests/Tuner.Benchmarks -- <name> [args]`.
// Each benchmark is its own class; register it here with one line.
using Tuner.Benchmarks;

var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["coldstart"] = ColdStartBenchmark.RunAsync,
    ["decisions"] = DecisionsBenchmark.RunAsync,
    ["noise"] = NoiseBenchmark.RunAsync,
    ["decisions-real"] = DecisionsRealBenchmark.RunAsync,
    ["reducer"] = ReducerBenchmark.RunAsync,
    ["render"] = RenderBenchmark.RunAsync,
    ["workflow"] = WorkflowBenchmark.RunAsync,
    ["writer"] = WriterBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine("usage: Tuner.Benchmarks <" + string.Join('|', benchmarks.Keys.Order()) + "> [args]");
    return 2;
}

return await run(args[1..]);
