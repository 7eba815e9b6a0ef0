using MfaBot.Iam;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.LoadTest.Scenarios;

/// <summary>An administrator's IAM client on the bot's embedded simulator (its development keys), through the bot's own gateway code.</summary>
public sealed class AdminIam : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public AdminIam(string iamUrl)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceUrl"] = iamUrl,
            ["AccessKeyId"] = "AKIAMFABOTDEVELOPER1",
            ["SecretAccessKey"] = "mfabot-embedded-simulator-dev-secret-not-for-aws",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddIamGateway(configuration).BuildServiceProvider();
        Gateway = _services.GetRequiredService<IIamGateway>();
    }

    public IIamGateway Gateway { get; }

    /// <summary>What a helpdesk reset does in IAM: deactivate and delete every MFA device of the user.</summary>
    public async Task RemoveDevicesAsync(string userName, CancellationToken ct = default)
    {
        foreach (var device in await Gateway.ListMfaDevicesAsync(userName, ct))
        {
            await Gateway.DeactivateMfaDeviceAsync(userName, device.SerialNumber, ct);
            await Gateway.DeleteVirtualMfaDeviceAsync(device.SerialNumber, ct);
        }
    }

    /// <summary>Virtual devices the bot created (under /mfabot/) that no user holds.</summary>
    public async Task<IReadOnlyList<string>> UnassignedBotDevicesAsync(CancellationToken ct = default) =>
        [.. (await Gateway.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Unassigned, ct))
            .Select(d => d.SerialNumber).Where(s => s.Contains(":mfa/mfabot/", StringComparison.Ordinal))];

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
