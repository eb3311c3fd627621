namespace Tuner.BatchWriter.Tests;

public sealed class BatchWriterOptionsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void FromEnvironment_NoVariables_KeepsDefaults()
    {
        var options = BatchWriterOptions.FromEnvironment(Env());

        Assert.Equal(new BatchWriterOptions(), options);
        Assert.Equal((25, 4), (options.BatchSize, options.Parallelism));
    }

    [Fact]
    public void FromEnvironment_KnobVariables_OverrideDefaults()
    {
        var defaults = new BatchWriterOptions { BatchSize = 5, Parallelism = 2, RetryDeadline = TimeSpan.FromSeconds(3) };

        var options = BatchWriterOptions.FromEnvironment(Env(("TUNER_DDB_BATCH_SIZE", " 10 "), ("TUNER_DDB_PARALLELISM", "8")), defaults);

        Assert.Equal((10, 8, TimeSpan.FromSeconds(3)), (options.BatchSize, options.Parallelism, options.RetryDeadline));
    }

    [Fact]
    public void FromEnvironment_ThenCodeOverride_CodeWins()
    {
        var options = BatchWriterOptions.FromEnvironment(Env(("TUNER_DDB_BATCH_SIZE", "10"))) with { BatchSize = 3 };

        Assert.Equal(3, options.BatchSize);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void FromEnvironment_InvalidValues_ListsEveryProblemWithItsVariable()
    {
        var error = Assert.Throws<InvalidBatchWriterOptionsException>(
            () => BatchWriterOptions.FromEnvironment(Env(("TUNER_DDB_BATCH_SIZE", "abc"), ("TUNER_DDB_PARALLELISM", "0"))));

        Assert.Equal(
            ["TUNER_DDB_BATCH_SIZE: 'abc' is not an integer (expected 1–25)", "Parallelism: 0 is outside 1–256"],
            error.Errors);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(26)]
    public void FromEnvironment_BatchSizeOutOfRange_Throws(int batchSize)
    {
        var error = Assert.Throws<InvalidBatchWriterOptionsException>(
            () => BatchWriterOptions.FromEnvironment(Env(("TUNER_DDB_BATCH_SIZE", batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

        Assert.Contains($"BatchSize: {batchSize} is outside 1–25", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DelaysInconsistent_ReportsThem()
    {
        var options = new BatchWriterOptions { BaseDelay = TimeSpan.FromSeconds(3), MaxDelay = TimeSpan.FromSeconds(1), RetryDeadline = TimeSpan.FromSeconds(-1) };

        var errors = options.Validate();

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("RetryDeadline:", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("MaxDelay:", errors[1], StringComparison.Ordinal);
    }
}
