using System.Net;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.IamSimulator;

/// <summary>Shape constraints, quotas and protocol errors with AWS's codes and statuses, over signed raw requests.</summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private SimulatorServer _server = null!;
    private RawIam _iam = null!;

    public async Task InitializeAsync()
    {
        _server = await SimulatorServer.StartAsync();
        _iam = new RawIam(_server.Endpoint);
    }

    public async Task DisposeAsync()
    {
        _iam.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_too_long_user_name_is_a_validation_error()
    {
        var name = new string('a', 129);
        var reply = await _iam.CallAsync("GetUser", ("UserName", name));
        AssertError(reply, HttpStatusCode.BadRequest, "ValidationError");
        Assert.Equal($"1 validation error detected: Value '{name}' at 'userName' failed to satisfy constraint: " +
                     "Member must have length less than or equal to 128", reply.ErrorMessage);
    }

    [Fact]
    public async Task A_name_outside_the_pattern_is_a_validation_error()
    {
        var reply = await _iam.CallAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "bad name!"));
        AssertError(reply, HttpStatusCode.BadRequest, "ValidationError");
        Assert.Equal("1 validation error detected: Value 'bad name!' at 'virtualMFADeviceName' failed to satisfy constraint: " +
                     @"Member must satisfy regular expression pattern: [\w+=,.@-]+", reply.ErrorMessage);
        // Java's \w is ASCII: a non-ASCII letter is refused too.
        AssertError(await _iam.CallAsync("GetUser", ("UserName", "jürgen")), HttpStatusCode.BadRequest, "ValidationError");
    }

    [Fact]
    public async Task Every_violation_is_reported_and_codes_are_not_echoed()
    {
        var reply = await _iam.CallAsync("EnableMFADevice", ("SerialNumber", "short"), ("AuthenticationCode1", "12a456"), ("AuthenticationCode2", "1234567"));
        AssertError(reply, HttpStatusCode.BadRequest, "ValidationError");
        Assert.StartsWith("4 validation errors detected: ", reply.ErrorMessage);
        Assert.Contains("Value null at 'userName' failed to satisfy constraint: Member must not be null", reply.ErrorMessage);
        Assert.Contains("Value 'short' at 'serialNumber' failed to satisfy constraint: Member must have length greater than or equal to 9", reply.ErrorMessage);
        Assert.Contains("Value at 'authenticationCode1' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]+", reply.ErrorMessage);
        Assert.DoesNotContain("12a456", reply.ErrorMessage);
        Assert.DoesNotContain("1234567", reply.ErrorMessage);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("many")]
    public async Task MaxItems_must_be_1_to_1000(string maxItems)
    {
        var reply = await _iam.CallAsync("ListUsers", ("MaxItems", maxItems));
        AssertError(reply, HttpStatusCode.BadRequest, "ValidationError");
        Assert.Contains("at 'maxItems'", reply.ErrorMessage);
    }

    [Fact]
    public async Task Tags_are_limited_in_number_size_and_duplicates()
    {
        var fifty = Enumerable.Range(1, 51).SelectMany(i => new[] { ($"Tags.member.{i}.Key", $"k{i}"), ($"Tags.member.{i}.Value", "v") });
        AssertError(await _iam.CallAsync("CreateVirtualMFADevice", [("VirtualMFADeviceName", "d"), .. fifty]), HttpStatusCode.BadRequest, "ValidationError");
        AssertError(await _iam.CallAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "d"), ("Tags.member.1.Key", new string('k', 129)), ("Tags.member.1.Value", "")),
            HttpStatusCode.BadRequest, "ValidationError");
        AssertError(await _iam.CallAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "d"), ("Tags.member.1.Key", "k"), ("Tags.member.1.Value", new string('v', 257))),
            HttpStatusCode.BadRequest, "ValidationError");
        AssertError(await _iam.CallAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "d"),
            ("Tags.member.1.Key", "Team"), ("Tags.member.1.Value", "a"), ("Tags.member.2.Key", "team"), ("Tags.member.2.Value", "b")),
            HttpStatusCode.BadRequest, "InvalidInput");

        var (serial, _) = await _iam.CreateAsync("d", ("Tags.member.1.Key", "k"), ("Tags.member.1.Value", ""));
        var more = Enumerable.Range(1, 50).SelectMany(i => new[] { ($"Tags.member.{i}.Key", $"more{i}"), ($"Tags.member.{i}.Value", "v") });
        AssertError(await _iam.CallAsync("TagMFADevice", [("SerialNumber", serial), .. more]), HttpStatusCode.Conflict, "LimitExceeded");
        var listed = await _iam.CallAsync("ListVirtualMFADevices");
        Assert.Equal(["k"], listed.All("Key"));
    }

    [Fact]
    public async Task A_duplicate_device_name_already_exists()
    {
        await _iam.CreateAsync("phone");
        AssertError(await _iam.CallAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "phone")), HttpStatusCode.Conflict, "EntityAlreadyExists");
        AssertError(await _iam.CallAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "PHONE"), ("Path", "/other/")), HttpStatusCode.Conflict, "EntityAlreadyExists");
        Assert.Single((await _iam.CallAsync("ListVirtualMFADevices")).All("SerialNumber"));
    }

    [Fact]
    public async Task The_ninth_device_of_a_user_exceeds_the_quota()
    {
        for (var i = 1; i <= 8; i++)
        {
            var (serial, secret) = await _iam.CreateAsync($"device{i}");
            Assert.Equal(HttpStatusCode.OK, (await _iam.EnableAsync("alice", serial, secret)).Status);
        }
        var (ninth, ninthSecret) = await _iam.CreateAsync("device9");
        var reply = await _iam.EnableAsync("alice", ninth, ninthSecret);
        AssertError(reply, HttpStatusCode.Conflict, "LimitExceeded");
        Assert.Equal("Cannot exceed quota for MFADevicesPerUser: 8", reply.ErrorMessage);
        Assert.Equal(8, (await _iam.CallAsync("ListMFADevices", ("UserName", "alice"))).All("SerialNumber").Count);
    }

    [Fact]
    public async Task Missing_entities_are_NoSuchEntity()
    {
        AssertError(await _iam.CallAsync("ListMFADevices", ("UserName", "nobody")), HttpStatusCode.NotFound, "NoSuchEntity");
        AssertError(await _iam.CallAsync("DeleteVirtualMFADevice", ("SerialNumber", "arn:aws:iam::123456789012:mfa/none")), HttpStatusCode.NotFound, "NoSuchEntity");
        AssertError(await _iam.CallAsync("EnableMFADevice", ("UserName", "alice"), ("SerialNumber", "arn:aws:iam::123456789012:mfa/none"),
            ("AuthenticationCode1", "123456"), ("AuthenticationCode2", "654321")), HttpStatusCode.NotFound, "NoSuchEntity");
    }

    [Fact]
    public async Task Unknown_or_missing_action_and_wrong_version_or_method()
    {
        var unknown = await _iam.CallAsync("CreateUser2");
        AssertError(unknown, HttpStatusCode.BadRequest, "InvalidAction");
        Assert.Equal("Could not find operation CreateUser2 for version 2010-05-08", unknown.ErrorMessage);
        AssertError(await _iam.SendAsync("Version=2010-05-08"), HttpStatusCode.BadRequest, "MissingAction");
        AssertError(await _iam.SendAsync("Action=GetUser&Version=2011-01-01"), HttpStatusCode.BadRequest, "InvalidAction");
        AssertError(await _iam.SendAsync("Action=GetUser"), HttpStatusCode.BadRequest, "MissingParameter");
        var put = await _iam.SendAsync("Action=GetUser&Version=2010-05-08", HttpMethod.Put);
        AssertError(put, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
        Assert.Equal("POST", put.Response.Content.Headers.Allow.Single());
    }

    internal static void AssertError(IamReply reply, HttpStatusCode status, string code)
    {
        Assert.Equal((status, code), (reply.Status, reply.ErrorCode));
        Assert.Equal("ErrorResponse", reply.Xml.Root!.Name.LocalName);
        Assert.Equal(IamReply.Ns, reply.Xml.Root.Name.Namespace);
        var requestId = Assert.Single(reply.Xml.Root.Elements(IamReply.Ns + "RequestId")).Value;
        Assert.Equal(requestId, reply.Response.Headers.GetValues("x-amzn-RequestId").Single());
        Assert.Equal((int)status >= 500 ? "Receiver" : "Sender", reply.One("Type"));
    }
}
