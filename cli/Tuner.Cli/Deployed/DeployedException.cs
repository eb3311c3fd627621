namespace Tuner.Cli.Deployed;

/// <summary>A problem with a deployed Tuner the user can fix; the message says how.</summary>
public sealed class DeployedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeployedException()
    {
    }

    /// <summary>Creates the exception with a message for the user.</summary>
    public DeployedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DeployedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
