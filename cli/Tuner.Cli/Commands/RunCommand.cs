using System.CommandLine;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner run &lt;request.json&gt;</c>: runs a tuning locally on the embedded engines.</summary>
public static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var request = new Argument<FileInfo>("request") { Description = "The tuning request (JSON)." };
        var functions = new Option<FileInfo?>("--functions") { Description = "Local function registry (tuner.local.json)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where to copy the report files (default ./tuner-reports/<runId>/)." };
        var command = new Command("run", "Run a tuning locally: state machine, functions, DynamoDB and S3 on this machine.");
        command.Arguments.Add(request);
        command.Options.Add(functions);
        command.Options.Add(output);
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            await Console.Error.WriteLineAsync("tuner run: the local run is being wired up (issue 5).");
            await Task.CompletedTask;
            return 2;
        });
        return command;
    }
}
