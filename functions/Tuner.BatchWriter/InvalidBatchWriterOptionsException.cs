namespace Tuner.BatchWriter;

/// <summary>The writer's options (code or <c>TUNER_DDB_*</c> environment variables) are invalid; <see cref="Errors"/> lists every problem.</summary>
public sealed class InvalidBatchWriterOptionsException : Exception
{
    public InvalidBatchWriterOptionsException()
        : this([])
    {
    }

    public InvalidBatchWriterOptionsException(string message)
        : this([message])
    {
    }

    public InvalidBatchWriterOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public InvalidBatchWriterOptionsException(IReadOnlyList<string> errors)
        : base("invalid batch writer options: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    /// <summary>One message per problem, each starting with the option or variable name.</summary>
    public IReadOnlyList<string> Errors { get; }
}
