using System.Net;
using System.Text;
using MfaBot.LeakScan.Recording;

namespace MfaBot.Tests.IamSimulator;

/// <summary>Create and enable steps over raw signed calls, shared by the tests that need a device in a given state.</summary>
public static class DeviceFlows
{
    public static async Task<(string Serial, string Secret)> CreateAsync(this RawIam iam, string name, params (string, string)[] extra)
    {
        var reply = await iam.CallAsync("CreateVirtualMFADevice", [("VirtualMFADeviceName", name), .. extra]);
        Assert.True(reply.Status == HttpStatusCode.OK, $"{reply.ErrorCode}: {reply.ErrorMessage}");
        var secret = Encoding.ASCII.GetString(Convert.FromBase64String(reply.One("Base32StringSeed")!));
        RunLedger.Seed(secret);
        return (reply.One("SerialNumber")!, secret);
    }

    public static async Task<IamReply> EnableAsync(this RawIam iam, string user, string serial, string secret, DateTimeOffset? codesAt = null)
    {
        var (code1, code2) = await Authenticator.CodesAsync(secret, codesAt);
        return await iam.CallAsync("EnableMFADevice",
            ("UserName", user), ("SerialNumber", serial), ("AuthenticationCode1", code1), ("AuthenticationCode2", code2));
    }
}
