using System.Net;
using MfaBot.Iam;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Iam;

/// <summary>User look-ups against the simulator, including paging over more users than one page holds.</summary>
public sealed class IamGatewayUserTests
{
    [Fact]
    public async Task GetUser_without_a_name_is_the_caller_and_with_one_includes_tags()
    {
        await using var sim = await SimulatorServer.StartAsync();
        await using var client = IamClient.Create(sim.Endpoint);

        var me = await client.Gateway.GetUserAsync();
        var alice = await client.Gateway.GetUserAsync("alice");

        Assert.Equal("my-user", me.UserName);
        Assert.Equal($"arn:aws:iam::{SimulatorServer.AccountId}:user/alice", alice.Arn);
        Assert.Equal("/", alice.Path);
        Assert.False(string.IsNullOrEmpty(alice.UserId));
        Assert.Equal([new IamTag("email", "alice@example.com")], alice.Tags);
        IamGatewayDeviceTests.AssertIamError(await Assert.ThrowsAsync<IamException>(() => client.Gateway.GetUserAsync("bob")),
            IamErrorCodes.NoSuchEntity, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListUsers_returns_every_page_and_filters_by_path()
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < 23; i++)
        {
            settings[$"IamSimulator:Users:{i + 2}:UserName"] = $"staff-{i:00}";
            settings[$"IamSimulator:Users:{i + 2}:Path"] = i % 2 == 0 ? "/staff/" : "/staff/contractors/";
        }
        await using var sim = await SimulatorServer.StartAsync(settings);
        await using var client = IamClient.Create(sim.Endpoint, new Dictionary<string, string?> { ["Iam:PageSize"] = "5" });
        var logs = new RecordingLoggerProvider();
        await using var logged = IamClient.Create(sim.Endpoint, new Dictionary<string, string?> { ["Iam:PageSize"] = "5" }, logs);

        var all = await logged.Gateway.ListUsersAsync();
        var contractors = await client.Gateway.ListUsersAsync("/staff/contractors/");

        Assert.Equal(25, all.Count);
        Assert.Equal(25, all.Select(u => u.UserName).Distinct().Count());
        Assert.Contains(all, u => u.UserName == "alice");
        Assert.Equal(5, logs.Lines.Count(l => l.Contains("IAM ListUsers answered HTTP 200", StringComparison.Ordinal)));
        Assert.Equal(11, contractors.Count);
        Assert.All(contractors, u => Assert.Equal("/staff/contractors/", u.Path));
    }

    [Fact]
    public async Task ListUserTags_returns_all_tags_over_pages()
    {
        await using var sim = await SimulatorServer.StartAsync(new Dictionary<string, string?>
        {
            ["IamSimulator:Users:1:Tags:team"] = "payments",
            ["IamSimulator:Users:1:Tags:manager"] = "carol@example.com",
        });
        await using var client = IamClient.Create(sim.Endpoint, new Dictionary<string, string?> { ["Iam:PageSize"] = "2" });

        var tags = await client.Gateway.ListUserTagsAsync("alice");

        Assert.Equal(
            [new IamTag("email", "alice@example.com"), new IamTag("manager", "carol@example.com"), new IamTag("team", "payments")],
            tags.OrderBy(t => t.Key));
        Assert.Empty(await client.Gateway.ListUserTagsAsync("my-user"));
    }
}
