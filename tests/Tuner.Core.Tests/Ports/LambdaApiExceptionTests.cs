using Tuner.Core.Ports;
using Tuner.Core.Resilience;

namespace Tuner.Core.Tests.Ports;

/// <summary>
/// The Lambda client's errors are classified by the one list of transient errors (<see cref="TransientErrors"/>). Before,
/// LambdaApiException had a list of its own (4 codes and 5xx) that disagreed with the HTTP client's and the BatchWriter's.
/// </summary>
public sealed class LambdaApiExceptionTests
{
    public static TheoryData<string> ListedCodes => [.. TransientErrors.Codes];

    [Theory]
    [MemberData(nameof(ListedCodes))]
    public void IsTransient_EveryCodeOfTheOneList_TransientAsTheListSays(string code)
    {
        var error = new LambdaApiException(code, 400, "failed");

        Assert.True(error.IsTransient, $"{code} is on the one list of transient errors");
        Assert.Equal(TransientErrors.IsThrottling(code, 400), error.IsThrottling);
    }

    [Theory]
    [InlineData("ValidationException", 400)]
    [InlineData("AccessDeniedException", 403)]
    [InlineData("ResourceNotFoundException", 404)]
    [InlineData("PreconditionFailedException", 412)]
    public void IsTransient_ClientErrors_False(string code, int status) =>
        Assert.False(new LambdaApiException(code, status, "failed").IsTransient);

    [Fact]
    public void IsTransient_UpdateInProgress_TransientButNotThrottling()
    {
        var error = new LambdaApiException("ResourceConflictException", 409, "An update is in progress");

        Assert.True(error.IsTransient);
        Assert.True(error.IsUpdateConflict);
        Assert.False(error.IsThrottling);
    }
}
