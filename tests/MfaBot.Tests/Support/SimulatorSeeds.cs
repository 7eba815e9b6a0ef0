using MfaBot.IamSimulator.State;
using MfaBot.LeakScan.Recording;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Support;

/// <summary>
/// Records in the run ledger every seed an in-process IAM simulator holds, so the suite's secret scan knows the
/// devices whose QR code no test read, and its KMS keys' material. Called before the app stops.
/// </summary>
public static class SimulatorSeeds
{
    public static void Record(IServiceProvider services)
    {
        if (!RunFolder.Enabled || services.GetService<IamAccount>() is not { } account) return;
        lock (account.Gate)
        {
            foreach (var device in account.Devices.Values) RunLedger.Seed(device.Seed);
            // KMS key material is as secret as a seed: the scan looks for it in every kept file too.
            foreach (var key in account.KmsKeys.Values) RunLedger.Seed(key.Material);
        }
    }
}
