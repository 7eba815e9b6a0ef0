using Microsoft.AspNetCore.Http;
using MfaBot.Iam;

namespace MfaBot.Tests.Iam;

/// <summary>What goes on the wire and how replies are read, checked against a scripted loopback server.</summary>
public sealed class IamWireTests
{
    [Fact]
    public async Task Parameters_are_form_encoded_the_AWS_way_and_the_content_type_is_signed()
    {
        await using var stub = await StubIamServer.StartAsync((c, _) => c.Response.WriteAsync(
            """<TagMFADeviceResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></TagMFADeviceResponse>"""));
        await using var client = IamClient.Create(stub.Endpoint);

        await client.Gateway.TagMfaDeviceAsync("arn:aws:iam::123456789012:mfa/a+b", [new("owner team", "Zoë/ops~x_y.z-1")]);

        var sent = Assert.Single(stub.Requests);
        Assert.Equal(
            "Action=TagMFADevice&Version=2010-05-08&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fa%2Bb" +
            "&Tags.member.1.Key=owner%20team&Tags.member.1.Value=Zo%C3%AB%2Fops~x_y.z-1", sent.Body);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", sent.ContentType);
        Assert.Contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date", sent.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_calls_follow_the_marker_through_every_page()
    {
        await using var stub = await StubIamServer.StartAsync((c, n) => c.Response.WriteAsync(
            $"""
            <ListUserTagsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <ListUserTagsResult>
                <Tags><member><Key>k{n}</Key><Value>v{n}</Value></member></Tags>
                <IsTruncated>{(n < 3 ? "true" : "false")}</IsTruncated>
                {(n < 3 ? $"<Marker>m{n}</Marker>" : "")}
              </ListUserTagsResult>
              <ResponseMetadata><RequestId>r{n}</RequestId></ResponseMetadata>
            </ListUserTagsResponse>
            """));
        await using var client = IamClient.Create(stub.Endpoint, new Dictionary<string, string?> { ["Iam:PageSize"] = "1" });

        var tags = await client.Gateway.ListUserTagsAsync("alice");

        Assert.Equal([new("k1", "v1"), new("k2", "v2"), new("k3", "v3")], tags);
        Assert.Equal(
            ["Action=ListUserTags&Version=2010-05-08&UserName=alice&MaxItems=1",
             "Action=ListUserTags&Version=2010-05-08&UserName=alice&MaxItems=1&Marker=m1",
             "Action=ListUserTags&Version=2010-05-08&UserName=alice&MaxItems=1&Marker=m2"],
            stub.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task A_marker_that_does_not_advance_ends_the_listing_with_an_error()
    {
        await using var stub = await StubIamServer.StartAsync((c, _) => c.Response.WriteAsync(
            """<ListUsersResponse><ListUsersResult><Users/><IsTruncated>true</IsTruncated><Marker>same</Marker></ListUsersResult></ListUsersResponse>"""));
        await using var client = IamClient.Create(stub.Endpoint);

        var e = await Assert.ThrowsAsync<IamException>(() => client.Gateway.ListUsersAsync());

        Assert.Equal(IamErrorCodes.InvalidResponse, e.Code);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task A_server_message_echoing_an_authentication_code_is_scrubbed()
    {
        await using var stub = await StubIamServer.StartAsync((c, _) => StubIamServer.Error(c, 400, "ValidationError",
            "2 validation errors detected: Value '12345' at 'authenticationCode1' failed to satisfy constraint; Value '987654x' at 'authenticationCode2' failed"));
        await using var client = IamClient.Create(stub.Endpoint);

        var e = await Assert.ThrowsAsync<IamException>(() =>
            client.Gateway.EnableMfaDeviceAsync("alice", "arn:aws:iam::123456789012:mfa/alice", "12345", "987654x"));

        Assert.Equal("ValidationError", e.Code);
        Assert.Equal("req-ValidationError", e.RequestId);
        Assert.DoesNotContain("12345", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("987654x", e.Message, StringComparison.Ordinal);
        Assert.Contains("Value '***' at 'authenticationCode1'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_that_is_not_IAM_xml_is_an_InvalidResponse()
    {
        await using var stub = await StubIamServer.StartAsync((c, _) => c.Response.WriteAsync("<html>proxy says hi"));
        await using var client = IamClient.Create(stub.Endpoint);

        var e = await Assert.ThrowsAsync<IamException>(() => client.Gateway.GetUserAsync());

        Assert.Equal(IamErrorCodes.InvalidResponse, e.Code);
    }
}
