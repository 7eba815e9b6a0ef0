using System.Net;
using MfaBot.Iam;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Iam;

/// <summary>Group membership through the gateway: adding is idempotent, listing returns every page.</summary>
public sealed class IamGatewayGroupTests
{
    [Fact]
    public async Task AddUserToGroup_is_idempotent_and_ListGroupsForUser_returns_every_page()
    {
        var settings = new Dictionary<string, string?> { ["IamSimulator:Groups:0:GroupName"] = "MfaRequired", ["IamSimulator:Groups:0:Path"] = "/security/" };
        for (var i = 1; i <= 6; i++) settings[$"IamSimulator:Groups:{i}:GroupName"] = $"team{i}";
        await using var sim = await SimulatorServer.StartAsync(settings);
        var logs = new RecordingLoggerProvider();
        await using var client = IamClient.Create(sim.Endpoint, new Dictionary<string, string?> { ["Iam:PageSize"] = "2" }, logs);

        Assert.Empty(await client.Gateway.ListGroupsForUserAsync("alice"));
        await client.Gateway.AddUserToGroupAsync("MfaRequired", "alice");
        await client.Gateway.AddUserToGroupAsync("MfaRequired", "alice");
        for (var i = 1; i <= 6; i++) await client.Gateway.AddUserToGroupAsync($"team{i}", "alice");

        var groups = await client.Gateway.ListGroupsForUserAsync("alice");
        Assert.Equal(["MfaRequired", "team1", "team2", "team3", "team4", "team5", "team6"], groups.Select(g => g.GroupName));
        var enforcement = groups[0];
        Assert.Equal(($"arn:aws:iam::{SimulatorServer.AccountId}:group/security/MfaRequired", "/security/"), (enforcement.Arn, enforcement.Path));
        Assert.StartsWith("AGPA", enforcement.GroupId, StringComparison.Ordinal);
        Assert.Equal(5, logs.Lines.Count(l => l.Contains("IAM ListGroupsForUser answered HTTP 200", StringComparison.Ordinal)));

        var missing = await Assert.ThrowsAsync<IamException>(() => client.Gateway.AddUserToGroupAsync("Nope", "alice"));
        IamGatewayDeviceTests.AssertIamError(missing, IamErrorCodes.NoSuchEntity, HttpStatusCode.NotFound);
        IamGatewayDeviceTests.AssertIamError(await Assert.ThrowsAsync<IamException>(() => client.Gateway.ListGroupsForUserAsync("ghost")),
            IamErrorCodes.NoSuchEntity, HttpStatusCode.NotFound);
    }
}
