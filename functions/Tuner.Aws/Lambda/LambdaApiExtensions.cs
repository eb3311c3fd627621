using Tuner.Core.Ports;

namespace Tuner.Aws.Lambda;

/// <summary>Waiting helpers over any <see cref="ILambdaApi"/> (the real client, the local service or a fake).</summary>
public static class LambdaApiExtensions
{
    /// <summary>
    /// Polls <c>GetFunctionConfiguration($LATEST)</c> until <c>LastUpdateStatus</c> is <c>Successful</c> and the state is
    /// not <c>Pending</c> (an empty status — a service that does not track updates — counts as done). <c>Failed</c>
    /// throws <see cref="LambdaApiException"/> with code <c>FunctionUpdateFailed</c>; running out of time throws code
    /// <c>FunctionUpdateTimeout</c>. Waits use <paramref name="timeProvider"/>.
    /// </summary>
    public static async Task<FunctionConfiguration> WaitForUpdateAsync(
        this ILambdaApi lambda,
        string functionName,
        TimeProvider timeProvider,
        LambdaWaitOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= LambdaWaitOptions.Default;
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            var configuration = await lambda.GetFunctionConfigurationAsync(functionName, null, cancellationToken).ConfigureAwait(false);
            switch (configuration.LastUpdateStatus)
            {
                case "Failed":
                    throw new LambdaApiException("FunctionUpdateFailed", 0, $"the configuration update of {functionName} failed (LastUpdateStatus=Failed, State={configuration.State})");
                case "Successful" or "" when configuration.State is not "Pending":
                    return configuration;
            }

            if (timeProvider.GetElapsedTime(started) >= options.Timeout)
            {
                throw new LambdaApiException("FunctionUpdateTimeout", 0, $"{functionName} still has LastUpdateStatus={configuration.LastUpdateStatus}, State={configuration.State} after {options.Timeout.TotalSeconds:0} s");
            }

            await Task.Delay(options.PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
