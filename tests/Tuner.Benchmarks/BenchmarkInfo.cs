using System.Globalization;

namespace Tuner.Benchmarks;

/// <summary>
/// What the benchmarks share: each benchmark is its own type with <c>static Task&lt;int&gt; RunAsync(string[] args)</c>;
/// this holds the machine line they print and their <c>--name value</c> option reader.
/// </summary>
internal static class BenchmarkInfo
{
    public static string Machine => $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>, or null.</summary>
    public static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>The integer after <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static int Option(string[] args, string name, int fallback) =>
        Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
