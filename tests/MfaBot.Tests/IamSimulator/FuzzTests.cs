using MfaBot.Tests.Support;

namespace MfaBot.Tests.IamSimulator;

/// <summary>Random requests, signed or not, never make the simulator answer with a server error.</summary>
public sealed class FuzzTests
{
    private static readonly string[] Actions =
    [
        "CreateVirtualMFADevice", "EnableMFADevice", "ListMFADevices", "ListVirtualMFADevices", "DeactivateMFADevice",
        "DeleteVirtualMFADevice", "ResyncMFADevice", "GetUser", "ListUsers", "ListUserTags", "TagMFADevice", "Nope", "",
    ];

    private static readonly string[] Names =
    [
        "UserName", "SerialNumber", "VirtualMFADeviceName", "Path", "PathPrefix", "AuthenticationCode1", "AuthenticationCode2",
        "Marker", "MaxItems", "AssignmentStatus", "Tags.member.1.Key", "Tags.member.1.Value", "Tags.member.x.Key",
        "Tags.member.99999999999.Value", "Tags.member.2.Key", "Version", "Action", "", "%", "a=b",
    ];

    private const string Alphabet = "abcXYZ019 _-+=,.@/:%&?#\\\"'<>\0\u0001\u007F\u00E9\u2028\uD83D\uDE00\uFFFF";

    [Fact]
    public async Task Random_bodies_never_yield_a_server_error()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var iam = new RawIam(server.Endpoint);
        var random = new Random(20100508);
        var seen = new HashSet<int>();
        for (var i = 0; i < 400; i++)
        {
            var body = i % 4 == 0 ? Garbage(random, random.Next(0, 2000)) : RandomCall(random);
            var reply = await iam.SendAsync(body, sign: i % 10 != 0, sendContentSha: i % 3 == 0);
            Assert.True((int)reply.Status < 500, $"{(int)reply.Status} {reply.ErrorCode} for body: {body}");
            Assert.NotNull(reply.Xml.Root);
            seen.Add((int)reply.Status);
        }
        // The random requests reached past authentication into validation and the actions.
        Assert.Superset(new HashSet<int> { 200, 400, 403 }, seen);
    }

    private static string RandomCall(Random random)
    {
        var parameters = new List<(string, string)> { ("Action", Pick(random, Actions)), ("Version", random.Next(8) == 0 ? "1999-01-01" : "2010-05-08") };
        for (var n = random.Next(0, 8); n > 0; n--)
        {
            var value = random.Next(3) switch
            {
                0 => random.Next(-5, 2000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                1 => "arn:aws:iam::123456789012:mfa/" + Garbage(random, random.Next(0, 20)),
                _ => Garbage(random, random.Next(0, 300)),
            };
            parameters.Add((Pick(random, Names), value));
        }
        return random.Next(5) == 0 ? string.Join('&', parameters.Select(p => $"{p.Item1}={p.Item2}")) : RawIam.Form(parameters);
    }

    private static string Garbage(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
