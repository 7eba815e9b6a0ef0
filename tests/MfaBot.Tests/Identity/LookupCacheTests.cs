using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Identity;

/// <summary>A person's profile and IAM user are looked up once per Identity:LookupLifetime, not on every turn.</summary>
public class LookupCacheTests
{
    private static bool IsCard(TestConnector.Call c) => TestConnector.CardOf(c) is not null;

    [Fact]
    public async Task Turns_within_the_lifetime_reuse_the_profile_and_a_later_turn_looks_it_up_again()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var before = h.Connector.MemberLookups;

        foreach (var _ in Enumerable.Range(0, 3))
            await chat.NextAsync(IsCard, await SayAsync(h, chat, "status"));
        Assert.Equal(1, h.Connector.MemberLookups - before);

        h.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await chat.NextAsync(IsCard, await SayAsync(h, chat, "status"));
        Assert.Equal(2, h.Connector.MemberLookups - before);
    }

    [Fact]
    public async Task A_lifetime_of_zero_looks_up_on_every_turn()
    {
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?> { ["Identity:LookupLifetime"] = "00:00:00" });
        var chat = h.Chat();
        var before = h.Connector.MemberLookups;

        foreach (var _ in Enumerable.Range(0, 2))
            await chat.NextAsync(IsCard, await SayAsync(h, chat, "status"));
        Assert.Equal(2, h.Connector.MemberLookups - before);
    }

    [Fact]
    public async Task A_person_not_found_is_looked_up_again_on_the_next_turn_and_found_once_added()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        h.Connector.Members.TryRemove(chat.UserId, out var member);

        var from = await SayAsync(h, chat, "status");
        Assert.Contains("email", TestConnector.TextOf(await chat.NextAsync(c => TestConnector.TextOf(c) is not null, from)), StringComparison.OrdinalIgnoreCase);

        h.Connector.Members[chat.UserId] = member;
        await chat.NextAsync(IsCard, await SayAsync(h, chat, "status"));
    }

    private static async Task<int> SayAsync(EnrollmentHarness h, TeamsChat chat, string text)
    {
        var from = h.Connector.Calls.Count;
        await chat.SayAsync(text);
        return from;
    }
}
