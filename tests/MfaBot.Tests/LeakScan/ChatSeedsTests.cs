using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MfaBot.LeakScan.Recording;
using MfaBot.Otp;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.LeakScan;

/// <summary>The chat fakes record the seed a QR card shows, from its otpauth link and from its "Can't scan?" key.</summary>
public class ChatSeedsTests
{
    [Fact]
    public void Finds_the_seed_in_a_Teams_card_link_and_a_Slack_key_and_nothing_in_other_messages()
    {
        var seed = Base32.Encode(RandomNumberGenerator.GetBytes(20));
        var grouped = string.Join(' ', seed.Chunk(4).Select(c => new string(c)));
        var teams = new JsonObject
        {
            ["type"] = "Action.OpenUrl",
            ["url"] = $"otpauth://totp/MfaBot:alexw%40example.com?issuer=MfaBot&secret={seed}&digits=6",
        };
        var slack = new JsonObject { ["text"] = $"*Can't scan?* type this key:\n`{grouped}`" };
        var other = new JsonObject { ["text"] = "MFA IS ON FOR ALEX WITH THIS CODE 1234 ABCD EFGH", ["id"] = "AIDAQ3EGRWRKZB5MX3XYZ" };

        Assert.Equal([seed], ChatSeeds.In(teams));
        Assert.Equal([seed], ChatSeeds.In(slack).Select(LedgerFile.Canonical));
        Assert.Empty(ChatSeeds.In(other));
    }
}
