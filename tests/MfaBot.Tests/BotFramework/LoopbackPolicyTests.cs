using System.Net;
using MfaBot.Channels.BotFramework.Auth;
using Microsoft.AspNetCore.Http;

namespace MfaBot.Tests.BotFramework;

public sealed class LoopbackPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.5", false)]
    [InlineData("192.168.1.20", false)]
    [InlineData("::ffff:10.0.0.5", false)]
    [InlineData("2001:db8::1", false)]
    public void Only_loopback_addresses_pass(string address, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        Assert.Equal(expected, LoopbackPolicy.IsLoopbackCaller(context.Connection));
    }

    [Fact]
    public void Unknown_address_is_refused()
    {
        Assert.False(LoopbackPolicy.IsLoopbackCaller(new DefaultHttpContext().Connection));
    }
}
