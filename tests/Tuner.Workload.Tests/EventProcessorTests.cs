namespace Tuner.Workload.Tests;

public sealed class EventProcessorTests
{
    private readonly EventProcessor _processor = new(10, TimeProvider.System);

    [Fact]
    public void Process_ValidPurchase_EnrichesIt()
    {
        var (item, error) = _processor.Process("""{"id":"e1","type":"purchase","userId":"u1","timestamp":"2026-03-01T23:30:00+02:00","amount":0.5}""");

        Assert.Null(error);
        Assert.NotNull(item);
        Assert.Equal("e1", item["pk"].S);
        Assert.Equal("2026-03-01", item["day"].S);
        Assert.Equal("21", item["hour"].N);
        Assert.Equal("50", item["amountCents"].N);
        Assert.True(item["revenue"].BOOL);
    }

    [Fact]
    public void Process_SameUserTwice_SamePseudonym()
    {
        var a = _processor.Process("""{"id":"1","type":"view","userId":"u9","timestamp":"2026-03-01T00:00:00Z"}""").Item!;
        var b = _processor.Process("""{"id":"2","type":"view","userId":"u9","timestamp":"2026-03-02T00:00:00Z"}""").Item!;

        Assert.Equal(a["userKey"].S, b["userKey"].S);
        Assert.NotEqual(a["contentHash"].S, b["contentHash"].S);
    }

    [Theory]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("{", "not JSON")]
    [InlineData("""{"type":"view","userId":"u","timestamp":"2026-01-01T00:00:00Z"}""", "id: required")]
    [InlineData("""{"id":"x","type":"view","timestamp":"2026-01-01T00:00:00Z"}""", "x: userId: required")]
    [InlineData("""{"id":"x","type":"view","userId":"u","timestamp":"2026-01-01T00:00:00Z","amount":-1}""", "x: amount: must be a non-negative number")]
    public void Process_InvalidEvent_SaysWhy(string json, string expected)
    {
        var (item, error) = _processor.Process(json);

        Assert.Null(item);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }
}
