namespace Tuner.Benchmarks;

/// <summary>Namespace anchor for the benchmarks; each benchmark is its own type with <c>static Task&lt;int&gt; RunAsync(string[] args)</c>.</summary>
internal static class BenchmarkInfo
{
    public static string Machine => $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
}
