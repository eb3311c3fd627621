namespace Tuner.Functions.Errors;

/// <summary>
/// A target changed under Tuner (a deploy or a configuration change by its owner: Lambda refused Tuner's change because
/// the function's revision or code differs from what Tuner saw, or a published version does not carry the code Tuner
/// measured). Tuner refuses the target rather than measure or publish someone else's change; the message says what
/// changed and when, and that the owner's change was kept.
/// </summary>
public sealed class FunctionChangedException : Exception
{
    public FunctionChangedException()
        : base("a target function changed while Tuner was changing it")
    {
    }

    public FunctionChangedException(string message)
        : base(message)
    {
    }

    public FunctionChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
