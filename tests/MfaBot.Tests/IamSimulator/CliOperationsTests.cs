using System.Text.Json;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.IamSimulator;

/// <summary>The remaining operations the bot relies on, driven by the AWS CLI.</summary>
public sealed class CliOperationsTests : IAsyncLifetime
{
    private SimulatorServer _server = null!;
    private AwsCli _cli = null!;
    private RawIam _raw = null!;

    public async Task InitializeAsync()
    {
        var users = new Dictionary<string, string?>();
        for (var i = 0; i < 5; i++) users[$"IamSimulator:Users:{i + 2}:UserName"] = $"user{i}";
        users["IamSimulator:Users:7:UserName"] = "eng-bob";
        users["IamSimulator:Users:7:Path"] = "/engineering/";
        _server = await SimulatorServer.StartAsync(users);
        _cli = new AwsCli(_server.Endpoint);
        _raw = new RawIam(_server.Endpoint);
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Virtual_devices_are_listed_by_assignment_then_deactivated_and_deleted()
    {
        var (serial, secret) = await _raw.CreateAsync("assigned");
        var (spare, _) = await _raw.CreateAsync("spare");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _raw.EnableAsync("my-user", serial, secret)).Status);

        var assigned = Members(await _cli.JsonAsync("iam", "list-virtual-mfa-devices", "--assignment-status", "Assigned"));
        var one = Assert.Single(assigned);
        Assert.Equal(serial, one.GetProperty("SerialNumber").GetString());
        Assert.Equal("my-user", one.GetProperty("User").GetProperty("UserName").GetString());
        Assert.True(one.TryGetProperty("EnableDate", out _));
        Assert.Equal([spare], Serials(await _cli.JsonAsync("iam", "list-virtual-mfa-devices", "--assignment-status", "Unassigned")));
        Assert.Equal([serial, spare], Serials(await _cli.JsonAsync("iam", "list-virtual-mfa-devices", "--assignment-status", "Any")));

        await _cli.FailsAsync("DeleteConflict", "iam", "delete-virtual-mfa-device", "--serial-number", serial);
        await _cli.JsonAsync("iam", "deactivate-mfa-device", "--user-name", "my-user", "--serial-number", serial);
        Assert.Empty((await _cli.JsonAsync("iam", "list-mfa-devices", "--user-name", "my-user")).GetProperty("MFADevices").EnumerateArray());
        await _cli.JsonAsync("iam", "delete-virtual-mfa-device", "--serial-number", serial);
        Assert.Equal([spare], Serials(await _cli.JsonAsync("iam", "list-virtual-mfa-devices")));
        await _cli.FailsAsync("NoSuchEntity", "iam", "delete-virtual-mfa-device", "--serial-number", serial);
    }

    [Fact]
    public async Task Get_user_names_the_caller_or_the_given_user()
    {
        var me = (await _cli.JsonAsync("iam", "get-user")).GetProperty("User");
        Assert.Equal("my-user", me.GetProperty("UserName").GetString());
        Assert.Equal("arn:aws:iam::123456789012:user/my-user", me.GetProperty("Arn").GetString());
        Assert.Matches("^AIDA[A-Z0-9]{17}$", me.GetProperty("UserId").GetString());

        var bob = (await _cli.JsonAsync("iam", "get-user", "--user-name", "eng-bob")).GetProperty("User");
        Assert.Equal("arn:aws:iam::123456789012:user/engineering/eng-bob", bob.GetProperty("Arn").GetString());
        await _cli.FailsAsync("NoSuchEntity", "iam", "get-user", "--user-name", "nobody");
    }

    [Fact]
    public async Task List_users_pages_through_every_user_and_filters_by_path()
    {
        var all = await _cli.JsonAsync("iam", "list-users", "--page-size", "2");
        var names = all.GetProperty("Users").EnumerateArray().Select(u => u.GetProperty("UserName").GetString()).ToList();
        Assert.Equal(["alice", "eng-bob", "my-user", "user0", "user1", "user2", "user3", "user4"], names);

        var first = await _cli.JsonAsync("iam", "list-users", "--max-items", "3", "--page-size", "2");
        Assert.Equal(3, first.GetProperty("Users").GetArrayLength());
        var token = first.GetProperty("NextToken").GetString()!;
        var rest = await _cli.JsonAsync("iam", "list-users", "--starting-token", token, "--page-size", "2");
        Assert.Equal(names.Skip(3), rest.GetProperty("Users").EnumerateArray().Select(u => u.GetProperty("UserName").GetString()));

        var engineering = await _cli.JsonAsync("iam", "list-users", "--path-prefix", "/engineering/");
        Assert.Equal("eng-bob", Assert.Single(engineering.GetProperty("Users").EnumerateArray()).GetProperty("UserName").GetString());
    }

    [Fact]
    public async Task User_tags_and_device_tags()
    {
        var tags = await _cli.JsonAsync("iam", "list-user-tags", "--user-name", "alice");
        var tag = Assert.Single(tags.GetProperty("Tags").EnumerateArray());
        Assert.Equal("email", tag.GetProperty("Key").GetString());
        Assert.Equal("alice@example.com", tag.GetProperty("Value").GetString());

        var (serial, _) = await _raw.CreateAsync("tagged", ("Tags.member.1.Key", "owner"), ("Tags.member.1.Value", "alice"));
        await _cli.JsonAsync("iam", "tag-mfa-device", "--serial-number", serial, "--tags", "Key=Owner,Value=bob", "Key=team,Value=ops");
        var device = Assert.Single(Members(await _cli.JsonAsync("iam", "list-virtual-mfa-devices")));
        var pairs = device.GetProperty("Tags").EnumerateArray().Select(t => $"{t.GetProperty("Key").GetString()}={t.GetProperty("Value").GetString()}");
        Assert.Equal(["Owner=bob", "team=ops"], pairs.Order());
    }

    [Fact]
    public async Task The_base32_bootstrap_writes_the_seed_to_the_outfile()
    {
        var created = await _cli.JsonAsync("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "seeded",
            "--path", "/bot/", "--outfile", "seed.txt", "--bootstrap-method", "Base32StringSeed");
        var serial = created.GetProperty("VirtualMFADevice").GetProperty("SerialNumber").GetString()!;
        Assert.Equal("arn:aws:iam::123456789012:mfa/bot/seeded", serial);
        var seed = (await File.ReadAllTextAsync(Path.Combine(_cli.WorkDir, "seed.txt"))).Trim();
        Assert.Matches("^[A-Z2-7]{32}$", seed);

        // The file really is this device's seed: codes from it enable the device.
        var (code1, code2) = await Authenticator.CodesAsync(seed);
        await _cli.JsonAsync("iam", "enable-mfa-device", "--user-name", "alice", "--serial-number", serial,
            "--authentication-code1", code1, "--authentication-code2", code2);
        await _cli.FailsAsync("EntityAlreadyExists", "iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "seeded",
            "--outfile", "again.txt", "--bootstrap-method", "Base32StringSeed");
    }

    private static List<JsonElement> Members(JsonElement list) => [.. list.GetProperty("VirtualMFADevices").EnumerateArray()];

    private static List<string?> Serials(JsonElement list) => [.. Members(list).Select(d => d.GetProperty("SerialNumber").GetString())];
}
