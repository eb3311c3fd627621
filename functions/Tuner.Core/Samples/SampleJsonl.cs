using System.Globalization;
using System.Text.Json;
using Tuner.Contracts;
using Tuner.Core.Requests;
using Tuner.Core.Serialization;

namespace Tuner.Core.Samples;

/// <summary>
/// The <see cref="BucketKeys.Samples"/> format: one <see cref="Sample"/> per line in
/// <see cref="TunerJson"/> shape. Reading uses a hand-written UTF-8 reader (the Reducer reads up to millions of
/// lines): repeated cell ids and error types share one string, unknown fields are skipped, and bad lines are
/// reported by line number while the good ones are kept.
/// </summary>
public static class SampleJsonl
{
    public const string ContentType = "application/x-ndjson";

    public static byte[] Write(IEnumerable<Sample> samples)
    {
        using var buffer = new MemoryStream();
        foreach (var sample in samples)
        {
            JsonSerializer.Serialize(buffer, sample, TunerJson.Options);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    /// <summary>Appends the samples of <paramref name="utf8"/> to <paramref name="into"/>; returns the problems.</summary>
    public static IReadOnlyList<ValidationProblem> Read(ReadOnlySpan<byte> utf8, List<Sample> into, string source = "")
    {
        var problems = new List<ValidationProblem>();
        var strings = new StringCache();
        var lineNumber = 0;
        while (!utf8.IsEmpty)
        {
            lineNumber++;
            var end = utf8.IndexOf((byte)'\n');
            var line = end < 0 ? utf8 : utf8[..end];
            utf8 = end < 0 ? [] : utf8[(end + 1)..];
            if (line.Trim(" \r\t"u8).IsEmpty)
            {
                continue;
            }

            try
            {
                var (sample, problem) = ReadLine(line, strings);
                if (sample is not null)
                {
                    into.Add(sample);
                }
                else
                {
                    problems.Add(new ValidationProblem(Where(source, lineNumber), problem!));
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                problems.Add(new ValidationProblem(Where(source, lineNumber), "unreadable sample: " + ex.Message));
            }
        }

        return problems;
    }

    private static (Sample? Sample, string? Problem) ReadLine(ReadOnlySpan<byte> line, StringCache strings)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return (null, "not a sample object");
        }

        string? cellId = null, errorType = null, errorMessage = null;
        int? index = null, memory = null, maxMemory = null, retries = null, throttles = null;
        bool? cold = null;
        var limits = true;
        var warmup = false;
        var invokeThrottles = 0;
        int stage = 0, round = 0;
        double? duration = null, billed = null, init = null, restore = null, cwu = null;
        long? items = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            if (reader.ValueIsEscaped)
            {
                return (null, "escaped property names are not supported");
            }

            reader.Read();
            var isNull = reader.TokenType == JsonTokenType.Null;
            switch (Identify(name))
            {
                case Field.CellId:
                    cellId = isNull ? null : strings.CellId(ref reader);
                    break;
                case Field.Index:
                    index = isNull ? null : reader.GetInt32();
                    break;
                case Field.ColdStart:
                    cold = isNull ? null : reader.GetBoolean();
                    break;
                case Field.DurationMs:
                    duration = isNull ? null : reader.GetDouble();
                    break;
                case Field.BilledDurationMs:
                    billed = isNull ? null : reader.GetDouble();
                    break;
                case Field.InitDurationMs:
                    init = isNull ? null : reader.GetDouble();
                    break;
                case Field.RestoreDurationMs:
                    restore = isNull ? null : reader.GetDouble();
                    break;
                case Field.MemorySizeMb:
                    memory = isNull ? null : reader.GetInt32();
                    break;
                case Field.MaxMemoryUsedMb:
                    maxMemory = isNull ? null : reader.GetInt32();
                    break;
                case Field.ErrorType:
                    errorType = isNull ? null : strings.ErrorType(ref reader);
                    break;
                case Field.ErrorMessage:
                    errorMessage = isNull ? null : reader.GetString();
                    break;
                case Field.Items:
                    items = isNull ? null : reader.GetInt64();
                    break;
                case Field.ConsumedWriteUnits:
                    cwu = isNull ? null : reader.GetDouble();
                    break;
                case Field.Retries:
                    retries = isNull ? null : reader.GetInt32();
                    break;
                case Field.Throttles:
                    throttles = isNull ? null : reader.GetInt32();
                    break;
                case Field.LimitsEnforced:
                    limits = isNull || reader.GetBoolean();
                    break;
                case Field.Stage:
                    stage = isNull ? 0 : reader.GetInt32();
                    break;
                case Field.Round:
                    round = isNull ? 0 : reader.GetInt32();
                    break;
                case Field.Warmup:
                    warmup = !isNull && reader.GetBoolean();
                    break;
                case Field.InvokeThrottles:
                    invokeThrottles = isNull ? 0 : reader.GetInt32();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0)
        {
            return (null, "truncated sample");
        }

        var missing = new List<string>();
        if (string.IsNullOrEmpty(cellId))
        {
            missing.Add("cellId");
        }

        if (index is null)
        {
            missing.Add("index");
        }

        if (cold is null)
        {
            missing.Add("coldStart");
        }

        if (duration is null)
        {
            missing.Add("durationMs");
        }

        if (billed is null)
        {
            missing.Add("billedDurationMs");
        }

        if (memory is null)
        {
            missing.Add("memorySizeMb");
        }

        if (maxMemory is null)
        {
            missing.Add("maxMemoryUsedMb");
        }

        if (missing.Count > 0)
        {
            return (null, "not a sample: missing " + string.Join(", ", missing));
        }

        var sample = new Sample
        {
            CellId = cellId!,
            Index = index!.Value,
            ColdStart = cold!.Value,
            DurationMs = duration!.Value,
            BilledDurationMs = billed!.Value,
            InitDurationMs = init,
            MemorySizeMb = memory!.Value,
            MaxMemoryUsedMb = maxMemory!.Value,
            ErrorType = errorType,
            ErrorMessage = errorMessage,
            Items = items,
            ConsumedWriteUnits = cwu,
            Retries = retries,
            Throttles = throttles,
            LimitsEnforced = limits,
            RestoreDurationMs = restore,
            Stage = stage,
            Round = round,
            Warmup = warmup,
            InvokeThrottles = invokeThrottles,
        };
        return (sample, null);
    }

    private enum Field
    {
        Unknown,
        CellId,
        Index,
        ColdStart,
        DurationMs,
        BilledDurationMs,
        InitDurationMs,
        RestoreDurationMs,
        MemorySizeMb,
        MaxMemoryUsedMb,
        ErrorType,
        ErrorMessage,
        Items,
        ConsumedWriteUnits,
        Retries,
        Throttles,
        LimitsEnforced,
        Stage,
        Round,
        Warmup,
        InvokeThrottles,
    }

    // Dispatch on length first: at most two byte comparisons per property.
    private static Field Identify(ReadOnlySpan<byte> name) => name.Length switch
    {
        5 when name.SequenceEqual("index"u8) => Field.Index,
        5 when name.SequenceEqual("items"u8) => Field.Items,
        5 when name.SequenceEqual("stage"u8) => Field.Stage,
        5 when name.SequenceEqual("round"u8) => Field.Round,
        6 when name.SequenceEqual("warmup"u8) => Field.Warmup,
        6 when name.SequenceEqual("cellId"u8) => Field.CellId,
        7 when name.SequenceEqual("retries"u8) => Field.Retries,
        9 when name.SequenceEqual("coldStart"u8) => Field.ColdStart,
        9 when name.SequenceEqual("errorType"u8) => Field.ErrorType,
        9 when name.SequenceEqual("throttles"u8) => Field.Throttles,
        10 when name.SequenceEqual("durationMs"u8) => Field.DurationMs,
        12 when name.SequenceEqual("memorySizeMb"u8) => Field.MemorySizeMb,
        12 when name.SequenceEqual("errorMessage"u8) => Field.ErrorMessage,
        14 when name.SequenceEqual("initDurationMs"u8) => Field.InitDurationMs,
        14 when name.SequenceEqual("limitsEnforced"u8) => Field.LimitsEnforced,
        15 when name.SequenceEqual("maxMemoryUsedMb"u8) => Field.MaxMemoryUsedMb,
        15 when name.SequenceEqual("invokeThrottles"u8) => Field.InvokeThrottles,
        16 when name.SequenceEqual("billedDurationMs"u8) => Field.BilledDurationMs,
        17 when name.SequenceEqual("restoreDurationMs"u8) => Field.RestoreDurationMs,
        18 when name.SequenceEqual("consumedWriteUnits"u8) => Field.ConsumedWriteUnits,
        _ => Field.Unknown,
    };

    private static string Where(string source, int line) => string.Create(CultureInfo.InvariantCulture, $"{source}:{line}");

    /// <summary>Reuses the previous string when the same value repeats (a file holds one cell).</summary>
    private sealed class StringCache
    {
        private byte[] _cellIdBytes = [];
        private string _cellId = string.Empty;
        private byte[] _errorTypeBytes = [];
        private string _errorType = string.Empty;

        public string CellId(ref Utf8JsonReader reader) => Get(ref reader, ref _cellIdBytes, ref _cellId);

        public string ErrorType(ref Utf8JsonReader reader) => Get(ref reader, ref _errorTypeBytes, ref _errorType);

        private static string Get(ref Utf8JsonReader reader, ref byte[] lastBytes, ref string last)
        {
            if (!reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual(lastBytes) && last.Length > 0)
            {
                return last;
            }

            last = reader.GetString()!;
            lastBytes = reader.ValueIsEscaped ? [] : reader.ValueSpan.ToArray();
            return last;
        }
    }
}
