using Tuner.Aws.Http;
using Tuner.Core.Resilience;

namespace Tuner.Aws.Tests.Http;

/// <summary>
/// The SigV4 clients retry what the one list of transient errors (<see cref="TransientErrors"/>) says. Before, AwsErrorInfo
/// had a list of its own that disagreed with LambdaApiException's and the BatchWriter's (it lacked, e.g.,
/// RequestLimitExceededException and PriorRequestNotComplete).
/// </summary>
public sealed class AwsErrorInfoTests
{
    public static TheoryData<string> ListedCodes => [.. TransientErrors.Codes];

    [Theory]
    [MemberData(nameof(ListedCodes))]
    public void IsRetryable_EveryCodeOfTheOneList_RetryableAsTheListSays(string code)
    {
        var error = new AwsErrorInfo(code, "failed", 400, "req-1");

        Assert.True(error.IsRetryable, $"{code} is on the one list of transient errors");
        Assert.Equal(TransientErrors.IsThrottling(code, 400), error.IsThrottling);
    }

    [Theory]
    [InlineData("ValidationException", 400)]
    [InlineData("AccessDeniedException", 403)]
    [InlineData("ResourceConflictException", 409)]
    public void IsRetryable_ClientErrors_False(string code, int status) =>
        Assert.False(new AwsErrorInfo(code, "failed", status, "req-1").IsRetryable);
}
