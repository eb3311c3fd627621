using System.CommandLine;
using Spectre.Console;
using Tuner.Cli.Commands;
using Tuner.Cli.Output;

// Every command writes through one console: the terminal's real width and colours, NO_COLOR honoured, and when
// redirected plain text whose ids are never folded (ConsoleFactory).
AnsiConsole.Console = ConsoleFactory.Create();

// The `tuner` command. Each sub-command lives in Commands/<Name>Command.cs and exposes
// `public static Command Create()`; register it here with ONE line, keeping the list sorted.
var root = new RootCommand("Tuner: finds the best Lambda memory and DynamoDB batch settings, with a signed report.\n" + ExitCodes.Help);
root.Subcommands.Add(ApplyCommand.Create());
root.Subcommands.Add(FetchCommand.Create());
root.Subcommands.Add(HistoryCommand.Create());
root.Subcommands.Add(InitCommand.Create());
root.Subcommands.Add(LocalCommand.Create());
root.Subcommands.Add(PlanCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(StartCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(WatchCommand.Create());

// Ctrl-C cancels the command's token; `tuner run` then aborts the execution and runs the Cleaner, which needs
// longer than System.CommandLine's default 2 s before it ends the process.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(3) });
