using System.Security.Cryptography;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Scaleout;

/// <summary>
/// What several production instances share: a fresh PostgreSQL database, one IAM (a standalone simulator on
/// loopback, on the test's clock) and one secret-protection key. Bots started from <see cref="Settings"/> differ
/// only in their port and local data folder.
/// </summary>
public sealed class SharedDeployment : IAsyncDisposable
{
    private SharedDeployment(SimulatorServer iam, Dictionary<string, string?> settings)
    {
        Iam = iam;
        Settings = settings;
    }

    public SimulatorServer Iam { get; }

    public Dictionary<string, string?> Settings { get; }

    /// <param name="moreUsers">IAM user names (emails) besides Alex and Megan, e.g. a campaign's invitees.</param>
    public static async Task<SharedDeployment> StartAsync(ManualClock clock, IReadOnlyList<string>? moreUsers = null)
    {
        var users = new Dictionary<string, string?>
        {
            ["IamSimulator:Users:2:UserName"] = EnrollmentHarness.AlexEmail,
            ["IamSimulator:Users:2:Tags:email"] = EnrollmentHarness.AlexEmail,
            ["IamSimulator:Users:3:UserName"] = "meganb@example.com",
            ["IamSimulator:Users:3:Tags:email"] = "meganb@example.com",
        };
        for (var i = 0; i < (moreUsers?.Count ?? 0); i++) users[$"IamSimulator:Users:{4 + i}:UserName"] = moreUsers![i];
        var iam = await SimulatorServer.StartAsync(users, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        return new SharedDeployment(iam, new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = await PostgresTestDatabase.CreateAsync(),
            ["IamSimulator:Embedded"] = "false",
            ["Iam:ServiceUrl"] = iam.Endpoint.ToString(),
            ["Iam:AccessKeyId"] = SimulatorServer.AccessKeyId,
            ["Iam:SecretAccessKey"] = SimulatorServer.SecretAccessKey,
            ["Secrets:Keys:0:Id"] = "k1",
            ["Secrets:Keys:0:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Secrets:ActiveKeyId"] = "k1",
        });
    }

    public ValueTask DisposeAsync() => Iam.DisposeAsync();
}
