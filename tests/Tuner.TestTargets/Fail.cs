using System.Text;
using System.Text.Json;

namespace Tuner.TestTargets;

/// <summary>
/// Always fails with an InvalidOperationException, after writing a log line: "boom", or the payload's
/// <c>message</c> repeated <c>repeat</c> times (long, multibyte error messages).
/// </summary>
public sealed class Fail
{
    public async Task<Stream> Handle(Stream input)
    {
        using var document = await JsonDocument.ParseAsync(input);
        var root = document.RootElement;
        var message = "boom";
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var text) && text.GetString() is { } given)
        {
            var repeat = root.TryGetProperty("repeat", out var count) ? count.GetInt32() : 1;
            message = new StringBuilder(given.Length * repeat).Insert(0, given, repeat).ToString();
        }

        Console.WriteLine("about to fail");
        throw new InvalidOperationException(message);
    }
}
