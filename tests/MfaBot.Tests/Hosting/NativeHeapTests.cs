using MfaBot.Hosting;

namespace MfaBot.Tests.Hosting;

/// <summary>The allocator settings the bot applies as it starts (Program.cs) are ones glibc accepts.</summary>
public sealed class NativeHeapTests
{
    [Fact]
    public void Glibc_takes_the_fixed_thresholds_and_the_arena_cap()
    {
        // The project's machines and the container image are glibc Linux; elsewhere Tune is a no-op by design.
        if (!OperatingSystem.IsLinux() || !File.Exists("/lib/x86_64-linux-gnu/libc.so.6") && !File.Exists("/lib/aarch64-linux-gnu/libc.so.6")) return;
        Assert.True(NativeHeap.Tune());
        Assert.True(NativeHeap.Tune(), "applying it twice is harmless");
    }
}
