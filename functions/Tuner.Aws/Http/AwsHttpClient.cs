using Polly;
using Tuner.Core.Resilience;

namespace Tuner.Aws.Http;

/// <summary>
/// Base of Tuner's own AWS API clients: signs each attempt with SigV4, sends it, maps error answers
/// (<see cref="AwsErrorInfo"/>) to exceptions. <see cref="SendAsync"/> retries throttling, 5xx and connection failures
/// through the one AWS-call pipeline of <see cref="RetryPipelines"/> (jittered backoff, the server's <c>Retry-After</c>
/// respected, waits on the injected <see cref="TimeProvider"/>); <see cref="SendOnceAsync"/> is for calls that must not be
/// repeated here (Invoke of a target: its caller decides, and records, any retry).
/// </summary>
public abstract class AwsHttpClient
{
    private readonly AwsClientSettings _settings;
    private readonly SigV4Signer _signer;
    private readonly ResiliencePipeline _retry;

    protected AwsHttpClient(AwsClientSettings settings, string signingService, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(endpoint);
        _settings = settings;
        _signer = new SigV4Signer(settings.Region, signingService);
        Backoff = new RetryBackoff(settings.Retry.BaseDelay, settings.Retry.MaxDelay, new Random(settings.RandomSeed));
        _retry = RetryPipelines.AwsCall(
            settings.Retry,
            Backoff,
            settings.TimeProvider,
            e => e is RetryableAnswerException or HttpRequestException or AttemptTimeoutException,
            e => (e as RetryableAnswerException)?.Error.RetryAfter);
        Endpoint = endpoint;
    }

    /// <summary>The service endpoint (from <c>AWS_ENDPOINT_URL_*</c> or the regional default).</summary>
    public Uri Endpoint { get; }

    /// <summary>The clock used for signing and waits.</summary>
    protected TimeProvider TimeProvider => _settings.TimeProvider;

    /// <summary>This client's backoff (its seed from the settings), for callers that retry single-attempt calls.</summary>
    public RetryBackoff Backoff { get; }

    /// <summary>A short service name for messages (e.g. <c>Lambda</c>).</summary>
    protected abstract string ServiceName { get; }

    /// <summary>The exception thrown for an error answer that is not retried (or ran out of attempts).</summary>
    protected virtual Exception CreateException(string operation, AwsErrorInfo errorInfo)
    {
        ArgumentNullException.ThrowIfNull(errorInfo);
        return new AwsServiceException(ServiceName, errorInfo.Code, errorInfo.StatusCode, $"{operation}: {errorInfo.Message}", errorInfo.RequestId);
    }

    /// <summary>A URI under <see cref="Endpoint"/>; <paramref name="pathAndQuery"/> must already be percent-encoded.</summary>
    protected Uri At(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var basePath = Endpoint.AbsoluteUri.TrimEnd('/');
        return new Uri(basePath + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery));
    }

    /// <summary>
    /// Sends a request built by <paramref name="createRequest"/> (called once per attempt: requests cannot be resent),
    /// retrying transient failures, and returns the 2xx answer or throws <see cref="CreateException"/>'s exception.
    /// Each attempt first waits for its turn in the settings' <see cref="AwsClientSettings.ControlPlane"/> pace, if any.
    /// </summary>
    protected Task<AwsResponse> SendAsync(string operation, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken) =>
        SendThroughAsync(_retry, _settings.ControlPlane, operation, createRequest, cancellationToken);

    /// <summary>Sends one attempt, never repeated nor paced; error answers throw <see cref="CreateException"/>'s exception.</summary>
    protected Task<AwsResponse> SendOnceAsync(string operation, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken) =>
        SendThroughAsync(ResiliencePipeline.Empty, null, operation, createRequest, cancellationToken);

    private async Task<AwsResponse> SendThroughAsync(
        ResiliencePipeline pipeline, ControlPlanePace? pace, string operation, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createRequest);
        var attempts = 0;
        string After() => ReferenceEquals(pipeline, ResiliencePipeline.Empty) ? string.Empty : $" after {attempts} attempt(s)";
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    if (pace is not null)
                    {
                        await pace.WaitTurnAsync(token).ConfigureAwait(false);
                    }

                    return await AttemptAsync(operation, createRequest, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RetryableAnswerException e)
        {
            throw CreateException(operation, e.Error);
        }
        catch (HttpRequestException e)
        {
            throw new HttpRequestException($"{ServiceName} {operation}: could not reach {Endpoint}{After()}: {e.Message}", e);
        }
        catch (AttemptTimeoutException e)
        {
            throw new TimeoutException($"{ServiceName} {operation}: no answer from {Endpoint}{After()}", e.InnerException);
        }
    }

    private async Task<AwsResponse> AttemptAsync(string operation, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        try
        {
            using var request = createRequest();
            request.Headers.UserAgent.ParseAdd("tuner/1.0");
            var credentials = await _settings.Credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
            await _signer.SignAsync(request, credentials, _settings.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            using var response = await _settings.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return new AwsResponse(response.StatusCode, response.Headers, body);
            }

            var error = AwsErrorInfo.Parse((int)response.StatusCode, response.Headers, body);
            throw error.IsRetryable ? new RetryableAnswerException(error) : CreateException(operation, error);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AttemptTimeoutException(e);
        }
    }

    /// <summary>An error answer the pipeline may retry.</summary>
    private sealed class RetryableAnswerException(AwsErrorInfo error) : Exception(error.Message)
    {
        public AwsErrorInfo Error { get; } = error;
    }

    /// <summary>The HttpClient's own timeout (not the caller's cancellation).</summary>
    private sealed class AttemptTimeoutException(Exception inner) : Exception(inner.Message, inner);
}
