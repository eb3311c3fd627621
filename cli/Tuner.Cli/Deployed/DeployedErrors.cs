using System.Net;
using Amazon.Runtime;
using Spectre.Console;
using Tuner.Aws.CloudFormation;
using Tuner.Aws.Configuration;
using Tuner.Aws.Http;
using Tuner.Cli.Output;

namespace Tuner.Cli.Deployed;

/// <summary>Turns the failures of the AWS commands into one clear message and an exit code each.</summary>
public static class DeployedErrors
{
    /// <summary>Exit code: the run failed, or its report's signature did not verify.</summary>
    public const int RunFailed = ExitCodes.Failed;

    /// <summary>Exit code: the request file is invalid.</summary>
    public const int InvalidRequest = ExitCodes.InvalidInput;

    /// <summary>Exit code: no region or credentials.</summary>
    public const int NoCredentials = ExitCodes.NoCredentials;

    /// <summary>Exit code: the stack does not exist or is not usable.</summary>
    public const int StackProblem = ExitCodes.StackProblem;

    /// <summary>Exit code: the credentials lack a permission (or are expired).</summary>
    public const int AccessDenied = ExitCodes.AccessDenied;

    /// <summary>Exit code: any other AWS or network error.</summary>
    public const int AwsError = ExitCodes.AwsError;

    /// <summary>Runs <paramref name="action"/>; a known failure is printed to <paramref name="console"/> and mapped to its exit code.</summary>
    public static async Task<int> HandleAsync(string command, IAnsiConsole console, Func<Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (AwsConfigurationException e)
        {
            return Fail(console, command, e.Message, NoCredentials);
        }
        catch (StackNotFoundException e)
        {
            return Fail(console, command, e.Message, StackProblem);
        }
        catch (DeployedException e)
        {
            return Fail(console, command, e.Message, StackProblem);
        }
        catch (AwsServiceException e) when (e.IsAccessDenied)
        {
            return Fail(console, command, "access denied: " + e.Message, AccessDenied);
        }
        catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.Forbidden || e.ErrorCode?.Contains("AccessDenied", StringComparison.Ordinal) == true)
        {
            return Fail(console, command,
                $"access denied: {e.ErrorCode}: {e.Message} — the AWS credentials in use lack this permission (attach the stack's ReportReaderPolicyArn policy to read reports) or are expired (`aws sso login`)",
                AccessDenied);
        }
        catch (AmazonClientException e) when (e.Message.Contains("credential", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(console, command, "no usable AWS credentials: " + e.Message, NoCredentials);
        }
        catch (Exception e) when (e is AwsServiceException or AmazonServiceException or HttpRequestException or TimeoutException)
        {
            return Fail(console, command, e.Message, AwsError);
        }
    }

    private static int Fail(IAnsiConsole console, string command, string message, int code)
    {
        console.MarkupLineInterpolated($"[red]tuner {command}:[/] {message}");
        return code;
    }
}
