using MfaBot.LeakScan.Recording;

namespace MfaBot.Tests.Support;

/// <summary>
/// A fresh folder under the system temp folder, removed with everything in it on dispose; in a test run with
/// MFABOT_TEST_ARTIFACTS it is kept for the suite's secret scan instead (unless <paramref name="keep"/> is false).
/// </summary>
public sealed class TempFolder(bool keep = true) : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mfabot-test-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        if (keep) RunArtifacts.KeepOrDelete(Path);
        else if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
