namespace Tuner.Functions.Errors;

/// <summary>
/// Lambda returned a target's configuration without all of it (<c>Environment.Error</c>: the environment variables could
/// not be decrypted for Tuner). A baseline recorded from it would be wrong and its restore would wipe the variables, so
/// the target is refused before anything is changed.
/// </summary>
public sealed class UnreadableConfigurationException : Exception
{
    public UnreadableConfigurationException()
        : base("a target's configuration could not be read whole")
    {
    }

    public UnreadableConfigurationException(string message)
        : base(message)
    {
    }

    public UnreadableConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
