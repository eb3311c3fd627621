namespace Tuner.LocalLambda.Host;

/// <summary>An init failure reported on <c>/runtime/init/error</c> with a Lambda error type.</summary>
internal sealed class HandlerLoadException : Exception
{
    public HandlerLoadException(string errorType, string message, Exception? inner = null)
        : base(message, inner) => ErrorType = errorType;

    public string ErrorType { get; }
}
