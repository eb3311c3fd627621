namespace Tuner.TestTargets;

/// <summary>Reports the environment it runs in: process id, CPU count the runtime sees, Lambda variables, one custom variable.</summary>
public sealed class ProcessInfo
{
    public Task<Stream> Handle(Stream input) => Task.FromResult(Payload.Json(new
    {
        pid = Environment.ProcessId,
        processorCount = Environment.ProcessorCount,
        functionName = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME"),
        version = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_VERSION"),
        memorySize = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"),
        custom = Environment.GetEnvironmentVariable("TUNER_TEST_VALUE"),
    }));
}
