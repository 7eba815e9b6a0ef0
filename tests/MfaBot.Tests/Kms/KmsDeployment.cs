using Amazon.KeyManagementService;
using Amazon.Runtime;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Kms;

/// <summary>A standalone simulator that serves IAM and KMS with one key from the start, and the bot settings that use both.</summary>
public static class KmsDeployment
{
    public const string KeyId = "0b7c9d3e-6f1a-4c2b-9e8d-5a4f3b2c1d0e";
    public const string KeyArn = "arn:aws:kms:us-east-1:" + SimulatorServer.AccountId + ":key/" + KeyId;

    public static Task<SimulatorServer> StartSimulatorAsync(TimeProvider? clock = null, string? stateFile = null) =>
        SimulatorServer.StartAsync(new Dictionary<string, string?>
        {
            ["IamSimulator:KmsKeys:0:KeyId"] = KeyId,
            ["IamSimulator:KmsKeys:0:Description"] = "seeds at rest",
            ["IamSimulator:Users:2:UserName"] = EnrollmentHarness.AlexEmail,
            ["IamSimulator:Users:2:Tags:email"] = EnrollmentHarness.AlexEmail,
            ["IamSimulator:StateFile"] = stateFile,
        }, configureServices: clock is null ? null : s => s.AddSingleton(clock));

    /// <summary>The bot against the standalone simulator for IAM and KMS, as it would run against AWS.</summary>
    public static Dictionary<string, string?> BotSettings(SimulatorServer simulator, string kmsKeyId = KeyArn) => new()
    {
        ["IamSimulator:Embedded"] = "false",
        ["Iam:ServiceUrl"] = simulator.Endpoint.ToString(),
        ["Iam:AccessKeyId"] = SimulatorServer.AccessKeyId,
        ["Iam:SecretAccessKey"] = SimulatorServer.SecretAccessKey,
        ["Secrets:KmsKeyId"] = kmsKeyId,
        ["Secrets:KmsServiceUrl"] = simulator.Endpoint.ToString(),
    };

    /// <summary>The AWS SDK's own KMS client on the simulator, for what a test arranges or inspects.</summary>
    public static AmazonKeyManagementServiceClient Client(SimulatorServer simulator) =>
        new(new BasicAWSCredentials(SimulatorServer.AccessKeyId, SimulatorServer.SecretAccessKey),
            new AmazonKeyManagementServiceConfig { ServiceURL = simulator.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
}
