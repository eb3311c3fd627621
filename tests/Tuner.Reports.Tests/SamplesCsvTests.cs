using System.Globalization;
using System.Text;
using Tuner.Core.Samples;

namespace Tuner.Reports.Tests;

public sealed class SamplesCsvTests
{
    [Fact]
    public void Write_Samples_HeaderAndOneCrlfRowEachInInvariantCulture()
    {
        var samples = new[]
        {
            new Sample { CellId = "t0-m512-b25-p4", Index = 0, ColdStart = true, DurationMs = 395.99, BilledDurationMs = 662, InitDurationMs = 265.72, MemorySizeMb = 512, MaxMemoryUsedMb = 301, Items = 500, ConsumedWriteUnits = 500.5, Retries = 1, Throttles = 0 },
            new Sample { CellId = "t0-m512-b25-p4", Index = 1, ColdStart = false, DurationMs = 120.5, BilledDurationMs = 121, MemorySizeMb = 512, MaxMemoryUsedMb = 302, LimitsEnforced = false },
        };
        var previous = CultureInfo.CurrentCulture;
        // A culture with a decimal comma (the build runs with invariant globalization, so no named culture).
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.NumberGroupSeparator = ".";
        CultureInfo.CurrentCulture = commaCulture;
        try
        {
            using var stream = new MemoryStream();

            SamplesCsv.Write(samples, stream);

            var text = Encoding.UTF8.GetString(stream.ToArray());
            Assert.Equal(
                "cellId,index,coldStart,durationMs,billedDurationMs,initDurationMs,restoreDurationMs,memorySizeMb,maxMemoryUsedMb,errorType,errorMessage,items,consumedWriteUnits,retries,throttles,limitsEnforced\r\n"
                + "t0-m512-b25-p4,0,true,395.99,662,265.72,,512,301,,,500,500.5,1,0,true\r\n"
                + "t0-m512-b25-p4,1,false,120.5,121,,,512,302,,,,,,,false\r\n",
                text);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Write_ErrorMessageWithCommaQuoteAndNewline_QuotedPerRfc4180()
    {
        var samples = new[] { new Sample { CellId = "c", Index = 0, ColdStart = false, DurationMs = 1, BilledDurationMs = 1, MemorySizeMb = 128, MaxMemoryUsedMb = 64, ErrorType = "Unhandled", ErrorMessage = "bad \"input\", line 1\nline 2" } };
        using var stream = new MemoryStream();

        SamplesCsv.Write(samples, stream);

        var line = Encoding.UTF8.GetString(stream.ToArray()).Split("\r\n")[1];
        Assert.Equal("c,0,false,1,1,,,128,64,Unhandled,\"bad \"\"input\"\", line 1\nline 2\",,,,,true", line);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+1", "\"'+1+1\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("'quoted already", "\"'quoted already\"")]
    [InlineData("Task timed out after 3.00 seconds", "Task timed out after 3.00 seconds")]
    public void Write_ErrorTextAFormulaWouldStartWith_IsWrittenAsText(string message, string field)
    {
        var samples = new[] { new Sample { CellId = "c", Index = 0, ColdStart = false, DurationMs = 1, BilledDurationMs = 1, MemorySizeMb = 128, MaxMemoryUsedMb = 64, ErrorType = "=cmd|' /C calc'!A0", ErrorMessage = message } };
        using var stream = new MemoryStream();

        SamplesCsv.Write(samples, stream);

        var line = Encoding.UTF8.GetString(stream.ToArray()).Split("\r\n")[1];
        Assert.Equal($"c,0,false,1,1,,,128,64,\"'=cmd|' /C calc'!A0\",{field},,,,,true", line);
    }

    [Fact]
    public void Write_NoSamples_HeaderOnlyNoBomStreamLeftOpen()
    {
        using var stream = new MemoryStream();

        SamplesCsv.Write([], stream);

        var bytes = stream.ToArray();
        Assert.Equal((byte)'c', bytes[0]);
        Assert.True(stream.CanWrite);
        Assert.Equal(string.Join(',', SamplesCsv.Columns) + "\r\n", Encoding.UTF8.GetString(bytes));
    }
}
