using System.Text.Json;
using Tuner.LocalLambda.Faults;

namespace Tuner.LocalLambda.Tests.Faults;

public sealed class LambdaFaultRulesJsonTests
{
    private static (IReadOnlyList<LambdaFaultRule> Rules, IReadOnlyList<string> Errors) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return LambdaFaultRulesJson.Read(document.RootElement);
    }

    [Fact]
    public void Read_FullRule_KeepsEveryField()
    {
        var (rules, errors) = Read("""
            {"rules":[{"operation":"UpdateFunctionConfiguration","function":"orders","status":429,"errorType":"TooManyRequestsException",
                       "message":"Rate Exceeded.","count":3,"reason":"CallerRateLimitExceeded","retryAfterSeconds":2},
                      {"operation":"Invoke","function":null,"status":500,"errorType":"ServiceException","count":null}]}
            """);

        Assert.Empty(errors);
        Assert.Equal(
            [
                new LambdaFaultRule("UpdateFunctionConfiguration", "orders", 429, "TooManyRequestsException", "Rate Exceeded.", 3, "CallerRateLimitExceeded", 2),
                new LambdaFaultRule("Invoke", null, 500, "ServiceException", "Injected fault.", null),
            ],
            rules);
    }

    [Fact]
    public void Read_BadRules_ReturnsEveryProblemWithItsPath()
    {
        var (rules, errors) = Read("""
            {"rules":[{"operation":"UpdateFunctionConfig","status":200,"errorType":"","count":0},
                      {"operation":"Invoke","status":"429","errorType":"TooManyRequestsException","retryAfterSeconds":-1},
                      7]}
            """);

        Assert.Empty(rules);
        Assert.Contains(errors, e => e.StartsWith("rules[0].operation: UpdateFunctionConfig is not an action", StringComparison.Ordinal));
        Assert.Contains("rules[0].status: an HTTP error status 400–599 is required", errors);
        Assert.Contains("rules[0].errorType: required (e.g. TooManyRequestsException)", errors);
        Assert.Contains("rules[0].count: 0 must be at least 1 (null = every matching call)", errors);
        Assert.Contains("rules[1].status: \"429\" is not a whole number", errors);
        Assert.Contains("rules[1].retryAfterSeconds: -1 must not be negative", errors);
        Assert.Contains("rules[2]: must be an object", errors);
    }

    [Fact]
    public void Read_NoRulesArray_SaysSo()
    {
        Assert.Equal(["rules: an array of rules is required"], Read("""{"rule":[]}""").Errors);
    }

    [Fact]
    public void ToJson_ThenRead_RoundTrips()
    {
        LambdaFaultRule[] rules =
        [
            new("PublishVersion", "orders", 429, "TooManyRequestsException", "Rate exceeded", 2, "CallerRateLimitExceeded", 1),
            new("Invoke", null, 500, "ServiceException", "boom", null),
        ];

        var (read, errors) = Read(LambdaFaultRulesJson.ToJson(rules));

        Assert.Empty(errors);
        Assert.Equal(rules, read);
    }
}
