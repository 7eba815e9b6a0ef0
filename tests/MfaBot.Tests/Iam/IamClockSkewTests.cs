using System.Globalization;
using MfaBot.Iam;

namespace MfaBot.Tests.Iam;

public sealed class IamClockSkewTests
{
    [Fact]
    public async Task Signature_expired_with_a_server_date_an_hour_ahead_is_retried_once_with_the_corrected_time()
    {
        var serverNow = DateTimeOffset.UtcNow.AddHours(1);
        await using var stub = await StubIamServer.StartAsync((c, n) =>
        {
            c.Response.Headers.Date = serverNow.ToString("R", CultureInfo.InvariantCulture);
            return n == 1
                ? StubIamServer.Error(c, 403, "SignatureDoesNotMatch", "Signature expired: 20240501T110000Z is now earlier than 20240501T114500Z (20240501T120000Z - 15 min.)")
                : StubIamServer.User(c);
        });
        await using var client = IamClient.Create(stub.Endpoint);

        var user = await client.Gateway.GetUserAsync();

        Assert.Equal("stub-user", user.UserName);
        var first = SignedAt(stub.Requests[0].AmzDate);
        var second = SignedAt(stub.Requests[1].AmzDate);
        Assert.InRange(first - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(-1), TimeSpan.FromMinutes(1));
        Assert.InRange(second - serverNow, TimeSpan.FromSeconds(-10), TimeSpan.FromSeconds(10));
        Assert.InRange(client.Clock.Offset, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Contains(serverNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture), stub.Requests[1].Authorization, StringComparison.Ordinal);

        // The learned offset stays: the next call is signed with the server's time straight away.
        await client.Gateway.GetUserAsync();
        Assert.Equal(3, stub.Requests.Count);
        Assert.InRange(SignedAt(stub.Requests[2].AmzDate) - serverNow, TimeSpan.FromSeconds(-10), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_second_skew_reply_is_not_retried_again()
    {
        await using var stub = await StubIamServer.StartAsync((c, _) =>
        {
            c.Response.Headers.Date = DateTimeOffset.UtcNow.AddHours(2).ToString("R", CultureInfo.InvariantCulture);
            return StubIamServer.Error(c, 400, "RequestExpired", "Request has expired.");
        });
        await using var client = IamClient.Create(stub.Endpoint);

        var e = await Assert.ThrowsAsync<IamException>(() => client.Gateway.GetUserAsync());

        Assert.Equal("RequestExpired", e.Code);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task A_plain_signature_mismatch_is_not_treated_as_skew()
    {
        await using var stub = await StubIamServer.StartAsync((c, _) =>
            StubIamServer.Error(c, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."));
        await using var client = IamClient.Create(stub.Endpoint);

        var e = await Assert.ThrowsAsync<IamException>(() => client.Gateway.GetUserAsync());

        Assert.Equal(IamErrorCodes.SignatureDoesNotMatch, e.Code);
        Assert.Single(stub.Requests);
        Assert.Equal(TimeSpan.Zero, client.Clock.Offset);
    }

    private static DateTimeOffset SignedAt(string? amzDate) =>
        DateTimeOffset.ParseExact(amzDate!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
