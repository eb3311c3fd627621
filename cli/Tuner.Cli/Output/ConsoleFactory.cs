using System.Globalization;
using Spectre.Console;

namespace Tuner.Cli.Output;

/// <summary>
/// The console every command writes to. In a terminal: its real width and colours, none when <c>NO_COLOR</c> is set
/// (no-color.org: present and not empty). Redirected (a file, a pipe, CI): no ANSI codes, no colour, nothing
/// interactive, and a width of <c>COLUMNS</c> or <see cref="RedirectedWidth"/>, so tables are not folded at 80 columns
/// and ids stay on one line.
/// </summary>
internal static class ConsoleFactory
{
    /// <summary>The width of redirected output when <c>COLUMNS</c> does not say.</summary>
    public const int RedirectedWidth = 240;

    public static IAnsiConsole Create() => Create(Console.Out, Console.IsOutputRedirected, Environment.GetEnvironmentVariable);

    public static IAnsiConsole Create(TextWriter output, bool redirected, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var noColor = !string.IsNullOrEmpty(environment("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected || noColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = int.TryParse(environment("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns >= 40
                ? columns
                : RedirectedWidth;
        }

        return console;
    }
}
