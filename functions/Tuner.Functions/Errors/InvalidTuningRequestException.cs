namespace Tuner.Functions.Errors;

/// <summary>The request is not valid (every problem with its field path). Lambda reports it as error type <c>InvalidTuningRequestException</c>: the managed .NET runtime uses the exception's type name.</summary>
public sealed class InvalidTuningRequestException : Exception
{
    public InvalidTuningRequestException()
        : base("the tuning request is not valid")
    {
    }

    public InvalidTuningRequestException(string message)
        : base(message)
    {
    }

    public InvalidTuningRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
