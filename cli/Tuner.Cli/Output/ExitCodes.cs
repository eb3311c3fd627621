namespace Tuner.Cli.Output;

/// <summary>The exit codes of every <c>tuner</c> command (README "Exit codes"; <c>tuner --help</c> lists them too).</summary>
public static class ExitCodes
{
    /// <summary>Done: the run succeeded and its report verified, the plan would start, the change was applied.</summary>
    public const int Succeeded = 0;

    /// <summary>The run failed, or a report's signature did not verify.</summary>
    public const int Failed = 1;

    /// <summary>Bad input (arguments, request, registry, a request that would be refused); nothing was started or changed.</summary>
    public const int InvalidInput = 2;

    /// <summary>No AWS region or credentials.</summary>
    public const int NoCredentials = 3;

    /// <summary>The stack does not exist or is not usable.</summary>
    public const int StackProblem = 4;

    /// <summary>The AWS credentials lack a permission (or are expired).</summary>
    public const int AccessDenied = 5;

    /// <summary>Any other AWS or network error.</summary>
    public const int AwsError = 6;

    /// <summary><c>--fail-on-alert</c>: the run succeeded and verified, and its report has regression alerts.</summary>
    public const int RegressionAlert = 7;

    /// <summary><c>tuner apply</c>: the function changed since the run (the differences are printed); nothing was changed.</summary>
    public const int Drifted = 8;

    /// <summary>Cancelled with Ctrl-C (the Cleaner ran).</summary>
    public const int Cancelled = 130;

    /// <summary>The list shown by <c>tuner --help</c>.</summary>
    public const string Help =
        "Exit codes: 0 done · 1 run failed or signature mismatch · 2 bad input, nothing started or changed · 3 no AWS credentials · "
        + "4 stack missing or unusable · 5 access denied · 6 other AWS error · 7 regression alerts (--fail-on-alert) · "
        + "8 apply refused: the function changed since the run · 130 cancelled.";
}
