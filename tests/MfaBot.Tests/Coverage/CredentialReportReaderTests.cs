using MfaBot.Coverage;
using MfaBot.Tests.Iam;
using MfaBot.Tests.IamSimulator;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Coverage;

/// <summary>The bot's reader against the simulator: the report when allowed, the ListUsers + ListMFADevices fallback when denied.</summary>
public sealed class CredentialReportReaderTests
{
    private static readonly Dictionary<string, string?> FastPolling = new() { ["Iam:CredentialReportPollInterval"] = "00:00:00.020" };

    [Fact]
    public async Task Each_report_call_is_traced_as_an_iam_span()
    {
        var spans = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == MfaBot.Operability.MfaBotMetrics.ActivitySource.Name,
            Sample = (ref _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = a => spans.Enqueue(a.DisplayName + " " + a.GetTagItem("aws.iam.action")),
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await using var server = await SimulatorServer.StartAsync();
        await using var client = IamClient.Create(server.Endpoint, FastPolling);

        await using var inventory = await client.Reports.OpenAsync();
        await inventory.Rows.ToListAsync();

        Assert.Contains("iam GenerateCredentialReport GenerateCredentialReport", spans);
        Assert.Contains("iam GetCredentialReport GetCredentialReport", spans);
    }

    [Fact]
    public async Task The_report_is_generated_waited_for_and_read_as_typed_rows()
    {
        await using var server = await SimulatorServer.StartAsync(new Dictionary<string, string?>
        {
            ["IamSimulator:Users:2:UserName"] = "eng-bob",
            ["IamSimulator:Users:2:Path"] = "/engineering/",
        });
        using var raw = new RawIam(server.Endpoint);
        var (serial, secret) = await raw.CreateAsync("bob-phone");
        await raw.EnableAsync("eng-bob", serial, secret);
        await using var client = IamClient.Create(server.Endpoint, FastPolling);

        await using var inventory = await client.Reports.OpenAsync();
        Assert.Equal(CredentialSource.CredentialReport, inventory.Source);
        var rows = await inventory.Rows.ToListAsync();

        Assert.NotNull(inventory.AsOf);
        Assert.Equal([CredentialRow.RootUserName, "alice", "eng-bob", "my-user"], rows.Select(r => r.UserName));
        var root = rows[0];
        Assert.True(root.IsRoot);
        Assert.Equal((null, null, null), (root.Path, root.PasswordEnabled, root.PasswordLastUsed));
        var bob = rows[2];
        Assert.Equal(("/engineering/", true, false), (bob.Path, bob.MfaActive, bob.PasswordEnabled));
        Assert.Equal(new AccessKeyUse(false, null, null, null, null), bob.AccessKey1);
        var me = rows[3];
        Assert.False(me.MfaActive);
        Assert.True(me.AccessKey1!.Active);
        Assert.NotNull(me.AccessKey1.LastRotated);
        Assert.Equal("/", me.Path);
        Assert.InRange(DateTimeOffset.UtcNow - me.Created!.Value, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData("GenerateCredentialReport")]
    [InlineData("GetCredentialReport")]
    public async Task Where_policy_denies_the_report_users_and_their_devices_are_listed_instead(string denied)
    {
        var settings = new Dictionary<string, string?> { ["IamSimulator:DeniedActions:0"] = denied };
        for (var i = 0; i < 12; i++) settings[$"IamSimulator:Users:{i + 2}:UserName"] = $"user{i:00}";
        settings["IamSimulator:Users:14:UserName"] = "eng-bob";
        settings["IamSimulator:Users:14:Path"] = "/engineering/";
        await using var server = await SimulatorServer.StartAsync(settings);
        using var raw = new RawIam(server.Endpoint);
        foreach (var user in new[] { "eng-bob", "user07" })
        {
            var (serial, secret) = await raw.CreateAsync(user + "-phone");
            await raw.EnableAsync(user, serial, secret);
        }
        // A page size below the user count makes the fallback page through ListUsers.
        await using var client = IamClient.Create(server.Endpoint, new Dictionary<string, string?>(FastPolling) { ["Iam:PageSize"] = "5" });

        await using var inventory = await client.Reports.OpenAsync();
        Assert.Equal(CredentialSource.UserListing, inventory.Source);
        var rows = await inventory.Rows.ToListAsync();

        Assert.Equal(15, rows.Count);
        Assert.DoesNotContain(rows, r => r.IsRoot);
        Assert.Equal(["eng-bob", "user07"], rows.Where(r => r.MfaActive).Select(r => r.UserName));
        var bob = rows.Single(r => r.UserName == "eng-bob");
        Assert.Equal(("/engineering/", "arn:aws:iam::123456789012:user/engineering/eng-bob"), (bob.Path, bob.Arn));
        Assert.Equal((null, null, null), (bob.PasswordEnabled, bob.AccessKey1, bob.AccessKey2));
        Assert.NotNull(inventory.AsOf);
    }
}
