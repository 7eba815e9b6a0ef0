using MfaBot.Hosting;
using MfaBot.Resets;
using MfaBot.Tests.Cards;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MfaBot.Tests.Resets;

/// <summary>
/// The Development demo as shipped (appsettings.Development.json): every role can be tried in the Agents Playground on
/// one machine. Alex asks in his personal chat; the request goes to the playground's team channel, where Megan approves.
/// </summary>
public class DevelopmentDemoTests
{
    /// <summary>The playground's built-in team: its General channel's conversation id is the team id.</summary>
    private const string PlaygroundChannel = DevelopmentWelcome.PlaygroundChannel;

    private const string AlexId = "user-id-0";
    private const string MeganId = "user-id-1";

    [Fact]
    public async Task The_demo_helpdesk_is_the_playground_team_channel_where_Megan_approves_Alexs_reset()
    {
        await using var h = await ResetHarness.StartOverAsync(new Dictionary<string, string?> { ["Resets:SweepInterval"] = "00:00:00.200" });
        Assert.Equal(PlaygroundChannel, h.Inner.Bot.Services.GetRequiredService<IOptions<ResetOptions>>().Value.HelpdeskConversation);
        h.Connector.Members[AlexId] = (EnrollmentHarness.AlexEmail, "Alex Wilber");
        h.Connector.Members[MeganId] = ("meganb@example.com", "Megan Bowen");
        var alex = h.Person(AlexId, "Alex Wilber");
        await h.EnrollAsync(alex);

        // No "register helpdesk" needed: the request lands in the channel as a new post.
        var (_, card) = await h.RequestResetAsync(alex, helpdesk: PlaygroundChannel);
        var id = ResetHarness.RequestIdOf(card);

        // In the playground a click on that post arrives in the post's thread.
        var thread = $"{PlaygroundChannel};messageid={card.ResultId}";
        var alexInChannel = h.Inner.Chat(AlexId, "Alex Wilber", "channel", thread);
        Assert.Contains("Only helpdesk members", await h.ClickForTextAsync(alexInChannel, card, ResetSteps.Approve, id), StringComparison.Ordinal);

        var megan = h.Inner.Chat(MeganId, "Megan Bowen", "channel", thread);
        var skip = await h.ClickAsync(megan, card, ResetSteps.Approve, id);
        Assert.Contains("Approved by Megan Bowen", ResetHarness.CardText(await h.CardUpdateAsync(card, "The devices were removed", skip)), StringComparison.Ordinal);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        // Megan is Alex's manager too (his IAM user's tag), and hears about it in her own chat.
        await h.WaitForAuditAsync(id, "reset.managerNotified");
    }

    [Fact]
    public void The_demo_people_and_channel_are_the_playground_defaults()
    {
        var config = PlaygroundDefaultConfig();
        Assert.Contains($"team:\\n  id: {PlaygroundChannel}\\n", config, StringComparison.Ordinal);
        Assert.Contains($"currentUser:\\n  id: {AlexId}\\n  name: Alex Wilber\\n", config, StringComparison.Ordinal);
        Assert.Contains($"- id: {MeganId}\\n    name: Megan Bowen\\n    userPrincipleName: meganb@example.com\\n", config, StringComparison.Ordinal);
        Assert.Contains("- id: user-id-5\\n    name: Lynne Robbins\\n    userPrincipleName: lynner@example.com\\n", config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Playing_Megan_restarts_the_playground_with_the_shipped_file_and_the_request_is_posted_again_soon()
    {
        var megan = File.ReadAllText(RepoFiles.PathOf("docs", "demo", "megan.m365agentsplayground.yml"));
        Assert.Contains($"currentUser:\n  id: {MeganId}\n  name: Megan Bowen\n", megan.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"team:\n  id: {PlaygroundChannel}\n", megan.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"  - id: {AlexId}\n    name: Alex Wilber\n", megan.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        // A restarted playground has forgotten the post, so the demo re-posts an undecided request within a minute or two.
        await using var h = await ResetHarness.StartOverAsync(new Dictionary<string, string?>());
        Assert.True(h.Inner.Bot.Services.GetRequiredService<IOptions<ResetOptions>>().Value.ReannounceAfter <= TimeSpan.FromMinutes(1));
    }

    /// <summary>The playground's bundle, which embeds its default configuration as a string.</summary>
    private static string PlaygroundDefaultConfig()
    {
        var tool = RepoFiles.PathOf("tests", "MfaBot.EndToEnd", "tool", "node_modules", "@microsoft");
        var bundle = new[] { "m365agentsplayground", "teams-app-test-tool" }.Select(p => Path.Combine(tool, p, "dist", "index.js")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"the playground is not installed under {tool}: run ./test.sh or `npm ci --prefix tests/MfaBot.EndToEnd/tool`");
        return File.ReadAllText(bundle);
    }
}
