namespace Tuner.TestTargets;

/// <summary>Allocates and touches N MB (held until the handler returns): exceeds small memory limits on purpose.</summary>
public sealed class Allocate
{
    public Task<Stream> Handle(Stream input)
    {
        var megabytes = (int)Payload.Number(input, "megabytes", 10);
        var chunks = new List<byte[]>(megabytes);
        for (var i = 0; i < megabytes; i++)
        {
            var chunk = new byte[1024 * 1024];
            for (var j = 0; j < chunk.Length; j += 4096)
            {
                chunk[j] = 1;
            }

            chunks.Add(chunk);
        }

        return Task.FromResult(Payload.Json(new { allocatedMb = chunks.Count }));
    }
}
