using System.Runtime.InteropServices;

namespace Tuner.TestTargets;

/// <summary>Allocates and touches N MB of native memory, out of the GC's sight: past the limit the kernel's OOM killer ends the process.</summary>
public sealed class AllocateNative
{
    public unsafe Task<Stream> Handle(Stream input)
    {
        var megabytes = (int)Payload.Number(input, "megabytes", 10);
        var blocks = new List<IntPtr>(megabytes);
        try
        {
            for (var i = 0; i < megabytes; i++)
            {
                var block = Marshal.AllocHGlobal(1024 * 1024);
                var bytes = (byte*)block;
                for (var j = 0; j < 1024 * 1024; j += 4096)
                {
                    bytes[j] = 1;
                }

                blocks.Add(block);
            }

            return Task.FromResult(Payload.Json(new { allocatedMb = blocks.Count }));
        }
        finally
        {
            blocks.ForEach(Marshal.FreeHGlobal);
        }
    }
}
