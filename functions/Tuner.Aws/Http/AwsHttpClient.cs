namespace Tuner.Aws.Http;

/// <summary>
/// Base of Tuner's own AWS API clients: signs each attempt with SigV4, sends it, maps error answers
/// (<see cref="AwsErrorInfo"/>) to exceptions, and retries throttling, 5xx and connection failures with exponential
/// backoff and jitter (<see cref="AwsRetryOptions"/>), waiting on the injected <see cref="TimeProvider"/>.
/// </summary>
public abstract class AwsHttpClient
{
    private readonly AwsClientSettings _settings;
    private readonly SigV4Signer _signer;
    private readonly Random _random;
    private readonly Lock _randomLock = new();

    protected AwsHttpClient(AwsClientSettings settings, string signingService, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(endpoint);
        _settings = settings;
        _signer = new SigV4Signer(settings.Region, signingService);
        _random = new Random(settings.RandomSeed);
        Endpoint = endpoint;
    }

    /// <summary>The service endpoint (from <c>AWS_ENDPOINT_URL_*</c> or the regional default).</summary>
    public Uri Endpoint { get; }

    /// <summary>The clock used for signing and waits.</summary>
    protected TimeProvider TimeProvider => _settings.TimeProvider;

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
    /// returning the 2xx answer or throwing <see cref="CreateException"/>'s exception.
    /// </summary>
    protected async Task<AwsResponse> SendAsync(string operation, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createRequest);
        var maxAttempts = Math.Max(1, _settings.Retry.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            AwsErrorInfo error;
            TimeSpan? retryAfter = null;
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

                error = AwsErrorInfo.Parse((int)response.StatusCode, response.Headers, body);
                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (HttpRequestException) when (attempt < maxAttempts)
            {
                await DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException e)
            {
                throw new HttpRequestException($"{ServiceName} {operation}: could not reach {Endpoint} after {attempt} attempt(s): {e.Message}", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt < maxAttempts)
                {
                    await DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new TimeoutException($"{ServiceName} {operation}: no answer from {Endpoint} after {attempt} attempt(s)", e);
            }

            if (!error.IsRetryable || attempt >= maxAttempts)
            {
                throw CreateException(operation, error);
            }

            await DelayAsync(attempt, cancellationToken, retryAfter).ConfigureAwait(false);
        }
    }

    // Full jitter; a server's Retry-After (capped at MaxDelay) is the least we wait.
    private Task DelayAsync(int attempt, CancellationToken cancellationToken, TimeSpan? retryAfter = null)
    {
        var retry = _settings.Retry;
        var ceiling = Math.Min(retry.MaxDelay.TotalMilliseconds, retry.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        double fraction;
        lock (_randomLock)
        {
            fraction = _random.NextDouble();
        }

        var delay = TimeSpan.FromMilliseconds(ceiling * fraction);
        if (retryAfter is { } hint && hint > delay)
        {
            delay = hint < retry.MaxDelay ? hint : retry.MaxDelay;
        }

        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _settings.TimeProvider, cancellationToken);
    }
}
