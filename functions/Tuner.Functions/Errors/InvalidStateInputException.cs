namespace Tuner.Functions.Errors;

/// <summary>A handler received input that is not what its state passes (a state machine / handler mismatch, never a user error).</summary>
public sealed class InvalidStateInputException : Exception
{
    public InvalidStateInputException()
        : base("the state input is not valid")
    {
    }

    public InvalidStateInputException(string message)
        : base(message)
    {
    }

    public InvalidStateInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
