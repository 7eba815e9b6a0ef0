using Amazon.Runtime;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Iam;

public sealed class IamCredentialTests
{
    [Fact]
    public async Task Without_static_keys_the_AWS_default_chain_supplies_the_credentials()
    {
        // The environment holds the same keys the AWS CLI tests pass explicitly, so other tests are unaffected.
        var previous = (Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"), Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", SimulatorServer.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SimulatorServer.SecretAccessKey);
        try
        {
            await using var sim = await SimulatorServer.StartAsync();
            await using var client = IamClient.Create(sim.Endpoint, new Dictionary<string, string?>
            {
                ["Iam:AccessKeyId"] = null,
                ["Iam:SecretAccessKey"] = null,
            });

            Assert.Equal("my-user", (await client.Gateway.GetUserAsync()).UserName);
            Assert.IsType<EnvironmentVariablesAWSCredentials>(await client.Credentials.GetAsync(CancellationToken.None));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", previous.Item1);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", previous.Item2);
        }
    }
}
