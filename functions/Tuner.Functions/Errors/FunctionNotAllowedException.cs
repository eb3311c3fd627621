namespace Tuner.Functions.Errors;

/// <summary>A target has neither the <c>tuner:allow</c> = <c>true</c> tag nor a place in the allow-list (<c>TUNER_ALLOWED_FUNCTIONS</c>): Tuner never changes it.</summary>
public sealed class FunctionNotAllowedException : Exception
{
    public FunctionNotAllowedException()
        : base("a target function is not allowed to be tuned")
    {
    }

    public FunctionNotAllowedException(string message)
        : base(message)
    {
    }

    public FunctionNotAllowedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
