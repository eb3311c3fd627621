using Spectre.Console;

namespace Tuner.Cli.Tests.TestHelpers;

/// <summary>A plain-text console (no colour, no ANSI) wide enough that no line wraps, and what was written to it.</summary>
internal sealed class TextConsole
{
    private readonly StringWriter _output = new();

    public TextConsole()
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        Console.Profile.Width = 1000;
    }

    public IAnsiConsole Console { get; }

    public string Output => _output.ToString();

    public IReadOnlyList<string> Lines => Output.Split('\n').Select(l => l.TrimEnd('\r', ' ')).ToList();
}
