using Tuner.Contracts;

namespace Tuner.Functions.Errors;

/// <summary>
/// Another run holds the lease of a target (<see cref="BucketKeys.Lease"/>): two runs changing one function would record
/// each other's test configurations as baselines. The message names the run that holds it and until when.
/// </summary>
public sealed class FunctionLeasedException : Exception
{
    public FunctionLeasedException()
        : base("a target function is leased by another run")
    {
    }

    public FunctionLeasedException(string message)
        : base(message)
    {
    }

    public FunctionLeasedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
