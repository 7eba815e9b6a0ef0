using System.Net;
using System.Text.Json;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.IamSimulator;

/// <summary>Group membership through the AWS CLI and raw calls: the operations MFA enforcement relies on.</summary>
public sealed class GroupCliTests : IAsyncLifetime
{
    private const int Groups = 12;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mfabot-sim-groups-");
    private SimulatorServer _server = null!;
    private AwsCli _cli = null!;
    private RawIam _raw = null!;

    private Dictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                ["IamSimulator:StateFile"] = Path.Combine(_dir.FullName, "iam-state.json"),
                ["IamSimulator:Groups:0:GroupName"] = "MfaRequired",
                ["IamSimulator:Groups:1:GroupName"] = "Admins",
                ["IamSimulator:Groups:1:Path"] = "/ops/",
            };
            for (var i = 2; i < Groups; i++) settings[$"IamSimulator:Groups:{i}:GroupName"] = $"team{i:00}";
            return settings;
        }
    }

    public async Task InitializeAsync()
    {
        _server = await SimulatorServer.StartAsync(Settings);
        _cli = new AwsCli(_server.Endpoint);
        _raw = new RawIam(_server.Endpoint);
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        _cli.Dispose();
        await _server.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Add_user_to_group_then_list_groups_for_user_and_get_group_show_the_membership()
    {
        Assert.Empty(GroupNames(await _cli.JsonAsync("iam", "list-groups-for-user", "--user-name", "alice")));

        Assert.Equal("{}", (await _cli.JsonAsync("iam", "add-user-to-group", "--group-name", "MfaRequired", "--user-name", "alice")).GetRawText());
        await _cli.JsonAsync("iam", "add-user-to-group", "--group-name", "Admins", "--user-name", "alice");
        // Adding a member again is a no-op that succeeds, as in IAM.
        await _cli.JsonAsync("iam", "add-user-to-group", "--group-name", "mfarequired", "--user-name", "alice");

        var groups = (await _cli.JsonAsync("iam", "list-groups-for-user", "--user-name", "alice")).GetProperty("Groups").EnumerateArray().ToList();
        Assert.Equal(["Admins", "MfaRequired"], groups.Select(g => g.GetProperty("GroupName").GetString()));
        var admins = groups[0];
        Assert.Equal("/ops/", admins.GetProperty("Path").GetString());
        Assert.Equal("arn:aws:iam::123456789012:group/ops/Admins", admins.GetProperty("Arn").GetString());
        Assert.Matches("^AGPA[A-Z0-9]{17}$", admins.GetProperty("GroupId").GetString());
        Assert.True(admins.TryGetProperty("CreateDate", out _));

        await _cli.JsonAsync("iam", "add-user-to-group", "--group-name", "MfaRequired", "--user-name", "my-user");
        var group = await _cli.JsonAsync("iam", "get-group", "--group-name", "MfaRequired");
        Assert.Equal("arn:aws:iam::123456789012:group/MfaRequired", group.GetProperty("Group").GetProperty("Arn").GetString());
        Assert.Equal(["alice", "my-user"], group.GetProperty("Users").EnumerateArray().Select(u => u.GetProperty("UserName").GetString()));
        Assert.Equal(["alice"], (await _cli.JsonAsync("iam", "get-group", "--group-name", "Admins"))
            .GetProperty("Users").EnumerateArray().Select(u => u.GetProperty("UserName").GetString()));
    }

    [Fact]
    public async Task Unknown_users_and_groups_and_invalid_names_are_refused_as_aws_does()
    {
        var noGroup = await _cli.FailsAsync("NoSuchEntity", "iam", "add-user-to-group", "--group-name", "Nope", "--user-name", "alice");
        Assert.Contains("The group with name Nope cannot be found.", noGroup, StringComparison.Ordinal);
        var noUser = await _cli.FailsAsync("NoSuchEntity", "iam", "add-user-to-group", "--group-name", "MfaRequired", "--user-name", "ghost");
        Assert.Contains("The user with name ghost cannot be found.", noUser, StringComparison.Ordinal);
        await _cli.FailsAsync("NoSuchEntity", "iam", "list-groups-for-user", "--user-name", "ghost");
        await _cli.FailsAsync("NoSuchEntity", "iam", "get-group", "--group-name", "Nope");
        await _cli.FailsAsync("ValidationError", "iam", "add-user-to-group", "--group-name", "has space", "--user-name", "alice");
        await _cli.FailsAsync("ValidationError", "iam", "get-group", "--group-name", new string('g', 129));

        var both = await _raw.CallAsync("AddUserToGroup", ("GroupName", "bad/name"), ("UserName", "bad name"));
        Assert.Equal(HttpStatusCode.BadRequest, both.Status);
        Assert.StartsWith("2 validation errors detected:", both.ErrorMessage, StringComparison.Ordinal);
        var missing = await _raw.CallAsync("AddUserToGroup", ("UserName", "alice"));
        Assert.Equal("ValidationError", missing.ErrorCode);
        Assert.Contains("Value null at 'groupName'", missing.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty((await _raw.CallAsync("ListGroupsForUser", ("UserName", "alice"))).All("GroupName"));
    }

    [Fact]
    public async Task A_user_can_be_in_at_most_ten_groups()
    {
        var names = new[] { "MfaRequired", "Admins" }.Concat(Enumerable.Range(2, Groups - 2).Select(i => $"team{i:00}")).ToList();
        foreach (var name in names.Take(10)) await _cli.JsonAsync("iam", "add-user-to-group", "--group-name", name, "--user-name", "my-user");
        var error = await _cli.FailsAsync("LimitExceeded", "iam", "add-user-to-group", "--group-name", names[10], "--user-name", "my-user");
        Assert.Contains("GroupsPerUser: 10", error, StringComparison.Ordinal);
        // Re-adding an existing membership at the quota is still a no-op, not a quota error.
        await _cli.JsonAsync("iam", "add-user-to-group", "--group-name", names[0], "--user-name", "my-user");
        Assert.Equal(10, GroupNames(await _cli.JsonAsync("iam", "list-groups-for-user", "--user-name", "my-user")).Count);
    }

    [Fact]
    public async Task Listing_pages_with_marker_and_max_items_through_the_cli_and_raw()
    {
        foreach (var i in Enumerable.Range(2, 5)) await _cli.JsonAsync("iam", "add-user-to-group", "--group-name", $"team{i:00}", "--user-name", "alice");
        var all = GroupNames(await _cli.JsonAsync("iam", "list-groups-for-user", "--user-name", "alice", "--page-size", "2"));
        Assert.Equal(["team02", "team03", "team04", "team05", "team06"], all);

        var first = await _raw.CallAsync("ListGroupsForUser", ("UserName", "alice"), ("MaxItems", "3"));
        Assert.Equal(["team02", "team03", "team04"], first.All("GroupName"));
        Assert.Equal("true", first.One("IsTruncated"));
        var rest = await _raw.CallAsync("ListGroupsForUser", ("UserName", "alice"), ("MaxItems", "3"), ("Marker", first.One("Marker")!));
        Assert.Equal(["team05", "team06"], rest.All("GroupName"));
        Assert.Equal("false", rest.One("IsTruncated"));

        await _cli.JsonAsync("iam", "add-user-to-group", "--group-name", "team02", "--user-name", "my-user");
        var page = await _raw.CallAsync("GetGroup", ("GroupName", "team02"), ("MaxItems", "1"));
        Assert.Equal(["alice"], page.All("UserName"));
        var next = await _raw.CallAsync("GetGroup", ("GroupName", "team02"), ("MaxItems", "1"), ("Marker", page.One("Marker")!));
        Assert.Equal(["my-user"], next.All("UserName"));
        Assert.Equal(["team02", "team02"], [page.All("GroupName").Single(), next.All("GroupName").Single()]);
        var users = (await _cli.JsonAsync("iam", "get-group", "--group-name", "team02", "--page-size", "1")).GetProperty("Users");
        Assert.Equal(2, users.GetArrayLength());
    }

    [Fact]
    public async Task Remove_user_from_group_ends_the_membership_and_membership_survives_a_restart()
    {
        await _cli.JsonAsync("iam", "add-user-to-group", "--group-name", "MfaRequired", "--user-name", "alice");
        await _cli.JsonAsync("iam", "add-user-to-group", "--group-name", "Admins", "--user-name", "alice");
        await _cli.JsonAsync("iam", "remove-user-from-group", "--group-name", "Admins", "--user-name", "alice");
        await _cli.FailsAsync("NoSuchEntity", "iam", "remove-user-from-group", "--group-name", "Admins", "--user-name", "alice");

        await _server.DisposeAsync();
        _server = await SimulatorServer.StartAsync(Settings);
        using var cli = new AwsCli(_server.Endpoint);
        Assert.Equal(["MfaRequired"], GroupNames(await cli.JsonAsync("iam", "list-groups-for-user", "--user-name", "alice")));
        var group = (await cli.JsonAsync("iam", "get-group", "--group-name", "MfaRequired")).GetProperty("Group");
        Assert.Matches("^AGPA[A-Z0-9]{17}$", group.GetProperty("GroupId").GetString());
    }

    private static List<string?> GroupNames(JsonElement reply) =>
        reply.GetProperty("Groups").EnumerateArray().Select(g => g.GetProperty("GroupName").GetString()).ToList();
}
