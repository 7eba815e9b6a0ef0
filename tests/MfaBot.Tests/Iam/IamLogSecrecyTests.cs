using MfaBot.Iam;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Iam;

public sealed class IamLogSecrecyTests
{
    [Fact]
    public async Task Seed_codes_and_QR_never_reach_a_log_line_even_at_trace_level()
    {
        await using var sim = await SimulatorServer.StartAsync();
        var logs = new RecordingLoggerProvider();
        await using var client = IamClient.Create(sim.Endpoint, logs: logs);

        var created = await client.Gateway.CreateVirtualMfaDeviceAsync("alice");
        var (code1, code2) = Totp.TwoConsecutive(created.Seed);
        var failure = await Assert.ThrowsAsync<IamException>(() => client.Gateway.EnableMfaDeviceAsync("alice", created.SerialNumber, code2, code1));
        var malformed = await Assert.ThrowsAsync<IamException>(() => client.Gateway.EnableMfaDeviceAsync("alice", created.SerialNumber, code1 + "9", code2));
        await client.Gateway.EnableMfaDeviceAsync("alice", created.SerialNumber, code1, code2);

        var base32 = created.Seed.RevealBase32();
        var secrets = new[]
        {
            base32,
            Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(base32)),
            Convert.ToBase64String(created.QrCodePng),
            Convert.ToBase64String(created.QrCodePng)[..40],
            code1,
            code2,
        };
        Assert.Contains(logs.Lines, l => l.Contains("IAM CreateVirtualMFADevice answered HTTP 200", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("IAM EnableMFADevice failed with InvalidAuthenticationCode", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, failure.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, malformed.ToString(), StringComparison.Ordinal);
        }
    }
}
