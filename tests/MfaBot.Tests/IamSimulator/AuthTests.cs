using System.Net;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MfaBot.Tests.IamSimulator;

/// <summary>SigV4 verification: what passes, what fails and with which AWS error.</summary>
public sealed class AuthTests
{
    [Fact]
    public async Task The_sdk_style_content_hash_header_must_match_the_body()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var iam = new RawIam(server.Endpoint);
        const string body = "Action=GetUser&Version=2010-05-08";
        Assert.Equal(HttpStatusCode.OK, (await iam.SendAsync(body, sendContentSha: true)).Status);

        var forged = await iam.SendAsync(body, sendContentSha: true, tamper: r =>
        {
            r.Headers.Remove("x-amz-content-sha256");
            r.Headers.TryAddWithoutValidation("x-amz-content-sha256", new string('0', 64));
        });
        ValidationTests.AssertError(forged, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
    }

    [Fact]
    public async Task A_changed_body_or_missing_signature_is_refused()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var iam = new RawIam(server.Endpoint);
        var changed = await iam.SendAsync("Action=GetUser&Version=2010-05-08", tamper: r =>
            r.Content = new StringContent("Action=GetUser&Version=2010-05-08&UserName=alice", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        ValidationTests.AssertError(changed, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");

        var unsigned = await iam.SendAsync("Action=GetUser&Version=2010-05-08", sign: false);
        ValidationTests.AssertError(unsigned, HttpStatusCode.Forbidden, "MissingAuthenticationToken");

        var garbled = await iam.SendAsync("Action=GetUser&Version=2010-05-08", tamper: r =>
        {
            r.Headers.Remove("Authorization");
            r.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE");
        });
        ValidationTests.AssertError(garbled, HttpStatusCode.BadRequest, "IncompleteSignature");
    }

    [Fact]
    public async Task A_session_token_is_accepted_only_when_signed()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var withToken = new RawIam(server.Endpoint) { SessionToken = "FwoGZXIvYXdzEXAMPLETOKEN" };
        Assert.Equal(HttpStatusCode.OK, (await withToken.CallAsync("GetUser")).Status);

        using var iam = new RawIam(server.Endpoint);
        var smuggled = await iam.SendAsync("Action=GetUser&Version=2010-05-08", tamper: r => r.Headers.TryAddWithoutValidation("x-amz-security-token", "unsigned"));
        ValidationTests.AssertError(smuggled, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
    }

    [Fact]
    public async Task A_request_signed_more_than_15_minutes_off_has_an_expired_signature_and_the_reply_tells_the_time()
    {
        var serverTime = new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var clock = new ManualTimeProvider(serverTime);
        await using var server = await SimulatorServer.StartAsync(configureServices: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        using var iam = new RawIam(server.Endpoint) { Clock = () => clock.Now };

        var late = await iam.CallAsync("GetUser");
        Assert.Equal(HttpStatusCode.OK, late.Status);

        var expired = await iam.SendAsync("Action=GetUser&Version=2010-05-08", at: serverTime.AddMinutes(-16));
        ValidationTests.AssertError(expired, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
        Assert.StartsWith("Signature expired: 20310304T045007Z is now earlier than 20310304T045107Z", expired.ErrorMessage);
        Assert.Equal(serverTime, expired.Response.Headers.Date);

        var early = await iam.SendAsync("Action=GetUser&Version=2010-05-08", at: serverTime.AddMinutes(16));
        ValidationTests.AssertError(early, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
        Assert.StartsWith("Signature not yet current", early.ErrorMessage);
        Assert.Equal(HttpStatusCode.OK, (await iam.SendAsync("Action=GetUser&Version=2010-05-08", at: serverTime.AddMinutes(14))).Status);
    }

    [Fact]
    public async Task Mounted_under_a_prefix_it_answers_with_and_without_the_trailing_slash()
    {
        await using var server = await SimulatorServer.StartAsync(prefix: "/_iam");
        Assert.EndsWith("/_iam/", server.Endpoint.ToString(), StringComparison.Ordinal);
        using var iam = new RawIam(server.Endpoint);
        Assert.Equal("my-user", (await iam.CallAsync("GetUser")).One("UserName"));
        var noSlash = new Uri(server.Endpoint.ToString().TrimEnd('/'));
        Assert.Equal("my-user", (await iam.SendAsync("Action=GetUser&Version=2010-05-08", uri: noSlash)).One("UserName"));

        // The path is part of what is signed: a request signed for another path does not verify here.
        var moved = await iam.SendAsync("Action=GetUser&Version=2010-05-08", tamper: r => r.RequestUri = noSlash);
        ValidationTests.AssertError(moved, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");

        using var cli = new AwsCli(server.Endpoint);
        var user = await cli.JsonAsync("iam", "get-user");
        Assert.Equal("my-user", user.GetProperty("User").GetProperty("UserName").GetString());
    }
}
