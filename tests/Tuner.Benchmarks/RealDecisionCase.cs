using System.Text.Json;

namespace Tuner.Benchmarks;

/// <summary>
/// One case of <c>RealDecisions/answers.json</c>: the request to run (relative to that folder) and the known answer —
/// the memory sizes any of which is right (a set: configurations within the objective's tie margin are equally right)
/// and the knob values the recommendation must carry — with why, from the handler and the local CPU rule.
/// </summary>
internal sealed record RealDecisionCase(string Name, string Request, RealDecisionAnswer Answer, string Why)
{
    public static IReadOnlyList<RealDecisionCase> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new List<RealDecisionCase>();
        foreach (var item in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var answer = item.GetProperty("answer");
            var env = answer.TryGetProperty("env", out var knobs)
                ? knobs.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            result.Add(new RealDecisionCase(
                item.GetProperty("name").GetString()!,
                item.GetProperty("request").GetString()!,
                new RealDecisionAnswer([.. answer.GetProperty("memoryMb").EnumerateArray().Select(m => m.GetInt32())], env),
                item.GetProperty("why").GetString()!));
        }

        return result;
    }
}

/// <summary>The configurations that count as right: memory in <see cref="MemoryMb"/> and every knob of <see cref="Env"/> at its value.</summary>
internal sealed record RealDecisionAnswer(IReadOnlyList<int> MemoryMb, IReadOnlyDictionary<string, string> Env)
{
    public bool Accepts(int memoryMb, IReadOnlyDictionary<string, string> env) =>
        MemoryMb.Contains(memoryMb) && Env.All(kv => env.TryGetValue(kv.Key, out var value) && value == kv.Value);

    public string Describe() =>
        string.Join(" or ", MemoryMb) + " MB" + (Env.Count == 0 ? string.Empty : ", " + string.Join(", ", Env.Select(kv => $"{kv.Key}={kv.Value}")));
}
