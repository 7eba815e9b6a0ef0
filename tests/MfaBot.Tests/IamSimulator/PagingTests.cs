using System.Net;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.IamSimulator;

/// <summary>Marker/MaxItems paging on the wire, and one account state under concurrent writers.</summary>
public sealed class PagingTests
{
    [Fact]
    public async Task Pages_follow_the_marker_until_not_truncated()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var iam = new RawIam(server.Endpoint);
        var serials = new List<string>();
        foreach (var name in new[] { "c", "a", "b" }) serials.Add((await iam.CreateAsync(name)).Serial);

        var first = await iam.CallAsync("ListVirtualMFADevices", ("MaxItems", "2"));
        Assert.Equal("true", first.One("IsTruncated"));
        var second = await iam.CallAsync("ListVirtualMFADevices", ("MaxItems", "2"), ("Marker", first.One("Marker")!));
        Assert.Equal("false", second.One("IsTruncated"));
        Assert.Null(second.One("Marker"));
        Assert.Equal(serials.Order(StringComparer.Ordinal), first.All("SerialNumber").Concat(second.All("SerialNumber")));

        ValidationTests.AssertError(await iam.CallAsync("ListVirtualMFADevices", ("Marker", "not base64!")), HttpStatusCode.BadRequest, "InvalidInput");
    }

    [Fact]
    public async Task Concurrent_creates_of_one_name_make_exactly_one_device()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var iam = new RawIam(server.Endpoint);
        var replies = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => iam.CallAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "race"))));
        Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        Assert.All(replies.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal("EntityAlreadyExists", r.ErrorCode));
    }
}
