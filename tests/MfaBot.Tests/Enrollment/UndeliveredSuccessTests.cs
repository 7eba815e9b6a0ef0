using System.Collections.Concurrent;
using MfaBot.Conversation;
using MfaBot.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Enrollment;

/// <summary>
/// IAM enabled the device but Teams refused the success card: the person is never told "nothing was changed", the
/// listeners run, and the news comes with their next message or the sweeper's next pass.
/// </summary>
public class UndeliveredSuccessTests
{
    private sealed class RecordingListener : IEnrollmentListener
    {
        public ConcurrentQueue<string> Enrolled { get; } = new();

        public Task OnEnrolledAsync(ChatUser user, string iamUserName, CancellationToken ct)
        {
            Enrolled.Enqueue(iamUserName);
            return Task.CompletedTask;
        }
    }

    private static readonly Dictionary<string, string?> NoSweeper = new() { ["Enrollment:SweepInterval"] = "01:00:00" };

    private static IResult? RefuseSuccessCard(TestConnector.Call c) =>
        EnrollmentHarness.IsSuccessCard(c) ? Results.Json(new { error = new { code = "BadArgument", message = "refused" } }, statusCode: 400) : null;

    private static bool SaysNothingChanged(TestConnector.Call c) =>
        c.Body?.ToJsonString().Contains("nothing was changed", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<(EnrollmentHarness H, RecordingListener Listener, TeamsChat Chat, int Skip)> EnrollWhileTeamsRefusesAsync(
        IDictionary<string, string?>? settings)
    {
        var listener = new RecordingListener();
        var h = await EnrollmentHarness.StartAsync(settings, services: s => s.AddSingleton<IEnrollmentListener>(listener));
        var chat = h.Chat();
        var (_, key) = await h.StartEnrollmentAsync(chat);
        var (c1, c2) = h.CodesNow(key);
        h.Connector.Fault = RefuseSuccessCard;

        var skip = h.Connector.Calls.Count;
        await EnrollmentHarness.TypeCodesAsync(chat, c1 + " " + c2, c1, c2);
        await h.Connector.WaitForAsync(_ => h.Connector.Rejected.Any(EnrollmentHarness.IsSuccessCard) && !listener.Enrolled.IsEmpty, skip);
        return (h, listener, chat, skip);
    }

    [Fact]
    public async Task The_next_message_brings_the_news_and_nothing_says_nothing_was_changed()
    {
        var (h, listener, chat, skip) = await EnrollWhileTeamsRefusesAsync(NoSweeper);
        await using var lifetime = h;
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Equal([EnrollmentHarness.AlexEmail], listener.Enrolled);
        Assert.Contains(h.AuditLines(), l => l.Contains("\"enrollment.completed\"", StringComparison.Ordinal));

        h.Connector.Fault = null;
        var next = h.Connector.Calls.Count;
        await chat.SayAsync("hello?");
        await chat.NextAsync(EnrollmentHarness.IsSuccessCard, next);
        await Task.Delay(300);
        Assert.Single(h.Connector.Calls.Skip(next), c => c.Method is "POST" or "REPLY");
        Assert.DoesNotContain(h.Connector.Calls.Skip(skip), SaysNothingChanged);

        // Told once: the following message gets its usual answer.
        next = h.Connector.Calls.Count;
        await chat.SayAsync("help");
        await chat.NextAsync(c => TestConnector.CardOf(c)?["fallbackText"]?.GetValue<string>().StartsWith("Commands", StringComparison.Ordinal) == true, next);
        Assert.DoesNotContain(h.Connector.Calls.Skip(next), EnrollmentHarness.IsSuccessCard);
    }

    [Fact]
    public async Task The_sweeper_retries_the_news_for_someone_who_says_nothing()
    {
        var (h, _, chat, skip) = await EnrollWhileTeamsRefusesAsync(null);
        await using var lifetime = h;
        h.Connector.Fault = null;

        h.Clock.Advance(TimeSpan.FromMinutes(1));

        await chat.NextAsync(EnrollmentHarness.IsSuccessCard, skip);
        Assert.DoesNotContain(h.Connector.Calls.Skip(skip), SaysNothingChanged);
        // Forgotten once delivered (just after the card went out).
        for (var i = 0; i < 50 && await h.Store.ListKeysAsync(SuccessNotice.KeyPrefix, CancellationToken.None).AnyAsync(); i++) await Task.Delay(100);
        Assert.Empty(await h.Store.ListKeysAsync(SuccessNotice.KeyPrefix, CancellationToken.None).ToListAsync());
    }
}
