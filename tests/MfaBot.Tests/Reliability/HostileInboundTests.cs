using System.Diagnostics;
using System.Net;
using FsCheck;
using MfaBot.Channels.Slack;
using MfaBot.LoadTest.Channel;
using MfaBot.LoadTest.Scenarios;
using MfaBot.Tests.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace MfaBot.Tests.Reliability;

/// <summary>Tests that measure memory or timing run alone, after the parallel tests, so other tests' load does not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "serial (measurements)";
}

[Collection(RunsAlone.Name)]
public class HostileInboundTests(ITestOutputHelper output)
{
    /// <summary>10,000 per endpoint by default (about 40 s for the four here); MFABOT_FUZZ_COUNT changes it for a longer run.</summary>
    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("MFABOT_FUZZ_COUNT"), out var n) ? n : 10_000;

    [Fact]
    public async Task Generated_hostile_payloads_get_no_server_error_and_leave_the_bot_working_with_flat_memory()
    {
        var logs = new ProblemLogs(IsExpected);
        // One bot serves both channels, so hostile Slack requests must not hurt Teams either.
        await using var bot = await ReliabilityBot.StartAsync(people: 1, logs, keepTranscripts: false, withSlack: true, settings: new Dictionary<string, string?>
        {
            // Replies to dead service URLs give up quickly instead of holding the queue for the test's length.
            ["BotFramework:ConnectorMaxRetryDelay"] = "00:00:00.050",
        });
        var slack = bot.Slack!;
        slack.Slack.Recording = false;
        var tally = new Tally(bot.Bot.Services.GetRequiredService<IOptions<SlackOptions>>().Value.MaxRequestBodyBytes);
        HostileEndpoint[] endpoints = [HostileEndpoint.BotFramework(bot.Connector.ServiceUrl), .. HostileEndpoint.Slack(slack)];
        var generators = endpoints.Select(e => (Endpoint: e, Payloads: HostilePayloads.For(e))).ToArray();
        long OutboundCalls() => bot.Connector.CallCount + slack.Slack.CallCount;
        var clock = Stopwatch.StartNew();
        var memory = new List<long>();
        for (var start = 0; start < Count; start += 500)
        {
            // Each batch mixes every endpoint, so both halves of the run send the same traffic (and fill the same caches).
            await SendBatchAsync(bot, generators, Math.Min(500, Count - start), tally);
            if (start / 500 % 2 == 1) memory.Add(await SettledMemoryAsync(OutboundCalls));
        }
        var posted = clock.Elapsed;
        memory.Add(await SettledMemoryAsync(OutboundCalls));
        output.WriteLine($"{Count} payloads per endpoint in {posted.TotalSeconds:F1} s; {slack.Slack.CallCount} Slack Web API calls");
        foreach (var ((path, signed), statuses) in tally.Statuses.OrderBy(s => s.Key))
            output.WriteLine($"{path} {(signed ? "signed" : "wrongly signed")}: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}×{s.Value}"))}");
        output.WriteLine($"managed memory every 1,000 payloads per endpoint: {string.Join(", ", memory.Select(m => $"{m / 1024 / 1024} MB"))}; {logs.ErrorCount} errors, {logs.UnexpectedErrorCount} unexpected");
        foreach (var line in tally.Failures.Take(10).Concat(logs.Errors.Take(5))) output.WriteLine(line);

        Assert.Empty(tally.Failures.Take(20));
        // Every endpoint accepted some of what it was sent; each Slack endpoint also refused a share as wrongly signed.
        Assert.All(tally.Statuses.Where(s => s.Key.Signed), s => Assert.Contains(s.Value.Keys, code => (int)code is >= 200 and < 300));
        Assert.All(endpoints.Where(e => e.Sign is not null), e =>
            Assert.True(tally.Statuses.GetValueOrDefault((e.Path, false))?.Values.Sum() > Count / 20, $"too few wrongly signed requests to {e.Path}"));
        Assert.Equal(0, logs.UnexpectedErrorCount);
        // Bounded caches (de-duplication, pools, the kept warnings) fill in the first half; a leak keeps growing in the second.
        var (half, end) = (memory[(memory.Count - 1) / 2], memory[^1]);
        Assert.True(end - half < 32L * 1024 * 1024, $"managed memory grew from {half} to {end} bytes in the second half");

        // Still alive and still doing its job: a real person enrolls end to end in each channel.
        using var health = await bot.Http.GetAsync(bot.Bot.BaseUrl + "/");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var person = Person.Numbered(0);
        var (card, turn) = await bot.Enrollment.StartAsync(person);
        Assert.True(card is not null, "no QR card after the fuzzing: " + turn.Answer.Text);
        Assert.True(EnrollmentFlow.Succeeded(await bot.Enrollment.SubmitCodesAsync(person, card)));
        slack.Slack.Recording = true;
        var (slackCard, _, key) = await slack.StartEnrollmentAsync();
        var (c1, c2) = slack.CodesNow(key);
        await slack.SubmitCodesAsync(slackCard, c1, c2, SlackHarness.CardUpdate(slackCard, "MFA is on"));
    }

    /// <summary>
    /// Generates <paramref name="size"/> payloads per endpoint on a thread that then ends, so neither the payloads nor the
    /// large buffers the encoders keep pooled per thread are what the memory check sees, and sends them 8 at a time.
    /// </summary>
    private static async Task SendBatchAsync(ReliabilityBot bot, (HostileEndpoint Endpoint, Gen<HostilePayload> Payloads)[] generators, int size, Tally tally)
    {
        var batch = await Task.Factory.StartNew(() => generators.SelectMany(g => HostilePayloads.Sample(g.Payloads, size).Select(p => (g.Endpoint, Payload: p))).ToArray(),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, ct) =>
        {
            using var request = item.Endpoint.Request(bot.Bot.BaseUrl, item.Payload);
            using var response = await bot.Http.SendAsync(request, ct);
            tally.Add(item.Endpoint, item.Payload, response);
        });
    }

    /// <summary>Statuses per endpoint and signing, and every answer that breaks the rules of <see cref="ProblemWith"/>.</summary>
    private sealed class Tally(int maxBody)
    {
        public Dictionary<(string Path, bool Signed), Dictionary<HttpStatusCode, int>> Statuses { get; } = [];
        public List<string> Failures { get; } = [];

        public void Add(HostileEndpoint endpoint, HostilePayload payload, HttpResponseMessage response)
        {
            var problem = ProblemWith(payload, response, maxBody);
            var key = (endpoint.Path, payload.Signing == Signing.Valid);
            lock (Statuses)
            {
                var statuses = Statuses.TryGetValue(key, out var s) ? s : Statuses[key] = [];
                statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
                if (problem is not null) Failures.Add($"{endpoint.Path}: {problem} for {payload}");
            }
        }
    }

    /// <summary>Replies to a service URL nobody serves fail and are logged; anything else that fails is a bug.</summary>
    private static bool IsExpected(string error) => error.Contains("ConnectorException: Bot Connector", StringComparison.Ordinal);

    /// <summary>
    /// What is wrong with the answer: a rightly signed request (or one to an endpoint that takes unsigned ones) gets
    /// anything but 401 or a server error (503 with Retry-After is back-pressure); a wrongly signed one gets 401, or
    /// 413 when it is too large to read at all.
    /// </summary>
    private static string? ProblemWith(HostilePayload payload, HttpResponseMessage response, int maxBody)
    {
        var code = (int)response.StatusCode;
        if (payload.Signing != Signing.Valid) return code == 401 || (code == 413 && payload.Body.Length > maxBody) ? null : $"{code} for a wrongly signed request";
        if (code == 401) return "401 for a rightly signed request";
        return code >= 500 && !(code == 503 && response.Headers.RetryAfter is not null) ? $"{code}" : null;
    }

    /// <summary>Waits until the bot has handled what it accepted (its outbound calls go quiet), then a full collection.</summary>
    private static async Task<long> SettledMemoryAsync(Func<long> outboundCalls)
    {
        for (var (last, quiet) = (-1L, 0); quiet < 3; await Task.Delay(200))
        {
            var now = outboundCalls();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
