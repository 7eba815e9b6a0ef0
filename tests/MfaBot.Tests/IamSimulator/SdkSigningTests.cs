using System.Net;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.IamSimulator;

/// <summary>Requests signed by AWSSDK.Core's SigV4SigningHandler (the bot's client path) verify, with and without a prefix.</summary>
public sealed class SdkSigningTests
{
    [Theory]
    [InlineData("/", false)]
    [InlineData("/_iam", true)]
    public async Task The_sdk_signing_handler_is_accepted(string prefix, bool session)
    {
        await using var server = await SimulatorServer.StartAsync(prefix: prefix);
        AWSCredentials credentials = session
            ? new SessionAWSCredentials(SimulatorServer.AccessKeyId, SimulatorServer.SecretAccessKey, "FwoGZXIvYXdzEXAMPLE")
            : new BasicAWSCredentials(SimulatorServer.AccessKeyId, SimulatorServer.SecretAccessKey);
        using var handler = new SigV4SigningHandler(credentials, RegionEndpoint.USEast1, "iam", new HttpClientHandler { AllowAutoRedirect = false });
        using var http = new HttpClient(handler);

        using var response = await http.PostAsync(server.Endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "GetUser", ["Version"] = "2010-05-08", ["UserName"] = "alice",
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("alice", XDocument.Parse(body).Descendants(IamReply.Ns + "UserName").Single().Value);
    }
}
