using System.Reflection;

namespace Tuner.Contracts.Tests;

public sealed class TunerEnvironmentTests
{
    [Fact]
    public void All_ListsEveryNameOnce()
    {
        var declared = typeof(TunerEnvironment).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(declared, TunerEnvironment.All.Order(StringComparer.Ordinal));
        Assert.Equal(TunerEnvironment.All.Count, TunerEnvironment.All.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void All_AreTunersOwnNames() =>
        Assert.All(TunerEnvironment.All, name => Assert.Matches("^TUNER_[A-Z_]+$", name));
}
