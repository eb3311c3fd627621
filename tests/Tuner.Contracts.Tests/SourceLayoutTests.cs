using System.Reflection;
using Tuner.Contracts;
using Tuner.Contracts.Tests.TestHelpers;
using Tuner.Tests.TestSupport;

namespace Tuner.Contracts.Tests;

/// <summary>
/// Issue 15's layout rules, kept: no non-test C# file over 350 lines, and each S3 key pattern, Tuner environment
/// variable name and execution status written as a literal in one non-test source file only (its contract's).
/// </summary>
public sealed class SourceLayoutTests
{
    private const int MaxLines = 350;

    private static readonly string[] CSharpFolders = ["functions", "cli", "infra", "local"];
    private static readonly string[] LiteralFolders = ["functions", "cli", "infra", "local", "statemachine"];

    /// <summary>
    /// BucketKeys strings that are not key patterns, so other files may write them: the glob wildcard every pattern
    /// ends with, and the samples' tag value, an English word the report text uses ("3 cells × 5 samples").
    /// </summary>
    private static readonly string[] NotKeyPatterns = ["*", BucketKeys.SampleTagValue];

    [Fact]
    public void NonTestCSharpFiles_AreAtMost350Lines()
    {
        var files = SourceTree.Files(CSharpFolders, ".cs");

        var offenders = files
            .Select(file => (File: file, Lines: File.ReadLines(RepoFiles.Path(file)).Count()))
            .Where(file => file.Lines > MaxLines)
            .Select(file => $"{file.File}: {file.Lines} lines")
            .ToList();

        Assert.NotEmpty(files);
        Assert.True(offenders.Count == 0, $"Non-test C# files over {MaxLines} lines (split them):\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void EachContractLiteral_IsWrittenInOneNonTestSourceFile()
    {
        var sources = SourceTree.Files(LiteralFolders, ".cs", ".mjs", ".js", ".json")
            .ToDictionary(file => file, file => File.ReadAllText(RepoFiles.Path(file)), StringComparer.Ordinal);
        var literals = ContractLiterals(typeof(BucketKeys)).Where(literal => !NotKeyPatterns.Contains(literal.Value))
            .Concat(ContractLiterals(typeof(TunerEnvironment)))
            .Concat(ContractLiterals(typeof(ExecutionStatuses)))
            .ToList();

        var problems = new List<string>();
        foreach (var (value, owner) in literals)
        {
            var holders = sources.Where(source => IsWrittenIn(value, source.Value)).Select(source => source.Key).Order(StringComparer.Ordinal).ToList();

            // A value the contract composes (Patterns.EveryRun is RunsPrefix + "*") is written nowhere: no file may spell it out.
            string[] expected = IsWrittenIn(value, File.ReadAllText(RepoFiles.Path(owner))) ? [owner] : [];
            if (!holders.SequenceEqual(expected, StringComparer.Ordinal))
            {
                problems.Add($"\"{value}\" (owned by {owner}) is written in: {(holders.Count == 0 ? "no file" : string.Join(", ", holders))}");
            }
        }

        Assert.True(problems.Count == 0, "Contract literals written outside their contract (use the constant):\n" + string.Join('\n', problems));
        Assert.Contains(literals, literal => literal.Value == BucketKeys.RunsPrefix);
        Assert.Contains(literals, literal => literal.Value == TunerEnvironment.Mode);
        Assert.Contains(literals, literal => literal.Value == ExecutionStatus.Running.ToApiName());
    }

    /// <summary>In double quotes (C#, JSON, JS) or single quotes (JS).</summary>
    private static bool IsWrittenIn(string value, string text) =>
        text.Contains($"\"{value}\"", StringComparison.Ordinal) || text.Contains($"'{value}'", StringComparison.Ordinal);

    /// <summary>
    /// The type's string constants and parameterless static string properties, its nested types' too, with the
    /// contract file that declares them (functions/Tuner.Contracts/&lt;Type&gt;.cs).
    /// </summary>
    private static IEnumerable<(string Value, string Owner)> ContractLiterals(Type contract)
    {
        var owner = $"functions/Tuner.Contracts/{contract.Name}.cs";
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in (Type[])[contract, .. contract.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)])
        {
            var constants = type.GetFields(Declared).Where(field => field.IsLiteral && field.FieldType == typeof(string))
                .Select(field => (string)field.GetRawConstantValue()!);
            var properties = type.GetProperties(Declared).Where(property => property.PropertyType == typeof(string) && property.GetIndexParameters().Length == 0)
                .Select(property => (string)property.GetValue(null)!);
            foreach (var value in constants.Concat(properties))
            {
                yield return (value, owner);
            }
        }
    }
}
