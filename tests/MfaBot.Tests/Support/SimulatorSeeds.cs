using MfaBot.IamSimulator.State;
using MfaBot.LeakScan.Recording;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Support;

/// <summary>
/// Records in the run ledger every seed an in-process IAM simulator holds, so the suite's secret scan knows the
/// devices whose QR code no test read. Called before the app stops.
/// </summary>
public static class SimulatorSeeds
{
    public static void Record(IServiceProvider services)
    {
        if (!RunFolder.Enabled || services.GetService<IamAccount>() is not { } account) return;
        lock (account.Gate)
        {
            foreach (var device in account.Devices.Values) RunLedger.Seed(device.Seed);
        }
    }
}
