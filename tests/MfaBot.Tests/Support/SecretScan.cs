using System.Text;
using MfaBot.LeakScan.Scanning;
using MfaBot.Otp;

namespace MfaBot.Tests.Support;

/// <summary>Asserts that a seed and its codes appear nowhere a person or an attacker could read them later.</summary>
public static class SecretScan
{
    /// <summary>The seed in every form it travels in (<see cref="SeedForms"/>) and the codes.</summary>
    public static string[] FormsOf(byte[] key, params string[] codes) => [.. SeedForms.Of(Base32.Encode(key)).Select(f => f.Text), .. codes];

    /// <summary>Checks log lines and every file under <paramref name="dataFolder"/>, ignoring case (stop the app first so every file is complete).</summary>
    public static async Task AssertAbsentAsync(IReadOnlyCollection<string> secrets, IEnumerable<string> logLines, string dataFolder)
    {
        foreach (var line in logLines)
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, line, StringComparison.OrdinalIgnoreCase);
        foreach (var file in Directory.EnumerateFiles(dataFolder, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file);
            }
            catch (IOException e) when (e is FileNotFoundException || file.EndsWith(".lock", StringComparison.Ordinal) || file.EndsWith(".tmp", StringComparison.Ordinal))
            {
                // A running app deleted it, or holds it: a lock file is empty, and a temporary file becomes a file scanned here.
                continue;
            }
            var text = Encoding.UTF8.GetString(bytes);
            foreach (var secret in secrets) Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
