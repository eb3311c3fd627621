namespace Tuner.Workload;

/// <summary>The ingest request itself is unusable (not JSON, neither <c>events</c> nor <c>generate</c>, count out of range).</summary>
public sealed class IngestRequestException : Exception
{
    public IngestRequestException()
    {
    }

    public IngestRequestException(string message)
        : base(message)
    {
    }

    public IngestRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
