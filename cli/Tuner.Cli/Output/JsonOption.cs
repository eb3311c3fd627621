using System.CommandLine;

namespace Tuner.Cli.Output;

/// <summary><c>--json</c>, the same on every command that has it.</summary>
internal static class JsonOption
{
    public static Option<bool> Create() => new("--json")
    {
        Description = "Write one JSON document to standard output instead of text (schemas in docs/schemas/).",
    };
}
