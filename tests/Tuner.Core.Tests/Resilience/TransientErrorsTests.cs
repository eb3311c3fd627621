using Tuner.Core.Resilience;

namespace Tuner.Core.Tests.Resilience;

public sealed class TransientErrorsTests
{
    [Theory]
    [InlineData("TooManyRequestsException", 429)]
    [InlineData("ThrottlingException", 400)]
    [InlineData("ProvisionedThroughputExceededException", 400)]
    [InlineData("RequestLimitExceeded", 400)]
    [InlineData("SlowDown", 503)]
    [InlineData(null, 429)]
    public void IsThrottling_ThrottlingCodesAndStatus_True(string? code, int status)
    {
        Assert.True(TransientErrors.IsThrottling(code, status));
        Assert.True(TransientErrors.IsTransient(code, status));
    }

    [Theory]
    [InlineData("ServiceException", 500)]
    [InlineData("InternalServerError", 500)]
    [InlineData(null, 502)]
    [InlineData("ServiceUnavailable", 400)]
    public void IsServerError_ServiceFailures_TrueAndNotThrottling(string? code, int status)
    {
        Assert.True(TransientErrors.IsServerError(code, status));
        Assert.True(TransientErrors.IsTransient(code, status));
        Assert.Equal(status == 429 || code == "SlowDown", TransientErrors.IsThrottling(code, status));
    }

    [Theory]
    [InlineData("ValidationException", 400)]
    [InlineData("ResourceNotFoundException", 404)]
    [InlineData("ResourceConflictException", 409)]
    [InlineData("AccessDeniedException", 403)]
    public void IsTransient_ClientErrors_False(string code, int status) => Assert.False(TransientErrors.IsTransient(code, status));
}
