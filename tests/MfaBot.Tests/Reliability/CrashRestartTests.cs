using System.Text;
using MfaBot.Enrollment;
using MfaBot.LoadTest.Channel;
using MfaBot.LoadTest.Scenarios;
using MfaBot.LoadTest.Secrets;
using MfaBot.LoadTest.Targets;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MfaBot.Tests.Reliability;

/// <summary>The bot as its own process, killed with SIGKILL (kill -9) mid-enrollment and restarted on the same data folder.</summary>
public class CrashRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_kill_9_mid_enrollment_the_restarted_bot_finishes_it_and_a_turn_cut_off_by_the_kill_leaves_at_most_one_device()
    {
        var folder = Directory.CreateTempSubdirectory("mfabot-crash-").FullName;
        try
        {
            var setup = new BotSetup(Path.Combine(folder, "data"), People: 2);
            var ledger = new SecretLedger();
            using var http = ChannelClient.NewHttp();
            await using var connector = await ChannelConnector.StartAsync(keepTranscripts: true);
            var (waiting, cutOff) = (Person.Numbered(0), Person.Numbered(1));

            var first = await BotProcess.StartAsync(setup);
            var flow = new EnrollmentFlow(new ChannelClient(http, first.MessagesUrl, connector), ledger);
            var (card, _) = await flow.StartAsync(waiting);
            Assert.NotNull(card);
            // The second person's "enroll" is accepted (202) and still being worked on when the process dies.
            using (var accepted = await http.PostAsync(first.MessagesUrl, Json(cutOff.Message(connector.ServiceUrl, "enroll").ToJsonString())))
                Assert.True(accepted.IsSuccessStatusCode);
            await first.KillAsync();
            await first.DisposeAsync();

            await using (var second = await BotProcess.StartAsync(setup))
            {
                var channel = new ChannelClient(http, second.MessagesUrl, connector);
                flow = new EnrollmentFlow(channel, ledger);
                var done = await flow.SubmitCodesAsync(waiting, card);
                Assert.True(EnrollmentFlow.Succeeded(done), "the enrollment begun before the kill did not finish: " + done.Answer.Text);
                // If the kill fell between sending the QR card and saving its id, the bot cannot replace that card.
                output.WriteLine(connector.InboxOf(waiting.ConversationId).Transcript.Any(c => c.Method == "PUT") ? "the QR card was replaced by the success card" : "the success card was sent anew: the QR card's id was not saved before the kill");

                // The cut-off person starts again; whatever the kill left (nothing, or a setup without its card) must not block them.
                var (again, answer) = await flow.StartAsync(cutOff);
                if (again is null)
                {
                    output.WriteLine("after the kill the bot said: " + answer.Answer.Text);
                    await channel.TurnAsync(cutOff, cutOff.Message(channel.ServiceUrl, "cancel"), c => c.Text is not null);
                    (again, answer) = await flow.StartAsync(cutOff);
                }
                Assert.True(again is not null, "could not start again after the kill: " + answer.Answer.Text);
                Assert.True(EnrollmentFlow.Succeeded(await flow.SubmitCodesAsync(cutOff, again)));
                await second.KillAsync();
            }

            // Nothing sent twice: one QR card for the first person (not re-sent after the restart), one success each.
            var transcript = connector.InboxOf(waiting.ConversationId).Transcript;
            Assert.Single(transcript, c => EnrollmentFlow.OtpAuthUrl(c.Card) is not null);
            Assert.Single(transcript, EnrollmentFlow.IsSuccess);
            Assert.Single(connector.InboxOf(cutOff.ConversationId).Transcript, EnrollmentFlow.IsSuccess);

            // Later, the sweeper (run here in-process on the same folder, its clock past every lifetime) removes any orphan.
            var clock = new ManualClock();
            clock.Advance(TimeSpan.FromMinutes(12));
            await using var sweeping = await BotServer.StartAsync(setup.DataFolder, clock);
            await sweeping.Services.GetRequiredService<EnrollmentSweeper>().SweepAsync(CancellationToken.None);
            await using var admin = new AdminIam(sweeping.BaseUrl + "/_iam/");
            Assert.Empty(await admin.UnassignedBotDevicesAsync());
            foreach (var person in new[] { waiting, cutOff }) Assert.Single(await admin.Gateway.ListMfaDevicesAsync(person.Email));

            await sweeping.DisposeAsync();
            Assert.Empty(ledger.Scan([setup.DataFolder]));
            Assert.True(File.Exists(setup.LogFile) && new FileInfo(setup.LogFile).Length > 0, "the bot's log was not captured");
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
