using Tuner.Core.Ports;
using Tuner.Core.Samples;

namespace Tuner.Core.Tests.TestHelpers;

/// <summary>Builders for configurations and samples used across tests.</summary>
internal static class TestData
{
    public static FunctionConfiguration Configuration(
        string name = "orders-ingest",
        int memoryMb = 512,
        int timeoutSeconds = 30,
        string architecture = "arm64",
        IReadOnlyDictionary<string, string>? environment = null) =>
        new(
            name,
            $"arn:aws:lambda:us-east-1:123456789012:function:{name}",
            "$LATEST",
            memoryMb,
            timeoutSeconds,
            environment ?? new Dictionary<string, string> { ["TUNER_TABLE_NAME"] = "events" },
            architecture,
            "dotnet10",
            "Active",
            "Successful",
            null);

    public static Sample Sample(
        string cellId,
        int index,
        double durationMs,
        double? billedMs = null,
        int memoryMb = 512,
        bool cold = false,
        string? errorType = null,
        double? consumedWriteUnits = null,
        long? items = null,
        bool limitsEnforced = true) =>
        new()
        {
            CellId = cellId,
            Index = index,
            ColdStart = cold,
            DurationMs = durationMs,
            BilledDurationMs = billedMs ?? Math.Ceiling(durationMs),
            InitDurationMs = cold ? 200 : null,
            MemorySizeMb = memoryMb,
            MaxMemoryUsedMb = 100,
            ErrorType = errorType,
            ErrorMessage = errorType is null ? null : "boom",
            Items = items,
            ConsumedWriteUnits = consumedWriteUnits,
            Retries = items is null ? null : 0,
            Throttles = items is null ? null : 0,
            LimitsEnforced = limitsEnforced,
        };
}
