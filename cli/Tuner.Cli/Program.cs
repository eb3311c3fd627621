using System.CommandLine;
using Tuner.Cli.Commands;

// The `tuner` command. Each sub-command lives in Commands/<Name>Command.cs and exposes
// `public static Command Create()`; register it here with ONE line, keeping the list sorted.
var root = new RootCommand("Tuner: finds the best Lambda memory and DynamoDB batch settings, with a signed report.");
root.Subcommands.Add(FetchCommand.Create());
root.Subcommands.Add(HistoryCommand.Create());
root.Subcommands.Add(LocalCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(StartCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(WatchCommand.Create());

// Ctrl-C cancels the command's token; `tuner run` then aborts the execution and runs the Cleaner, which needs
// longer than System.CommandLine's default 2 s before it ends the process.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(3) });
