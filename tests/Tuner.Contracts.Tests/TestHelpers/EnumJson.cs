using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tuner.Contracts.Tests.TestHelpers;

/// <summary>The JSON name a state message's enum states for a member, checked both ways with the contract's own serializer.</summary>
internal static class EnumJson
{
    public static void AssertName<T>(T value, string name, JsonTypeInfo<T> type)
        where T : struct, Enum
    {
        Assert.Equal(name, JsonSerializer.SerializeToElement(value, type).GetString());
        Assert.Equal(value, JsonSerializer.Deserialize($"\"{name}\"", type));
    }
}
