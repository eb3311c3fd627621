namespace Tuner.Workload.Tests;

public sealed class Crc32Tests
{
    [Fact]
    public void Compute_StandardCheckString_MatchesTheCatalogueValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void Compute_Empty_IsZero()
    {
        Assert.Equal(0u, Crc32.Compute([]));
    }
}
