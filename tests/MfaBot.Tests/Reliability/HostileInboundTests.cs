using System.Diagnostics;
using System.Net;
using MfaBot.LoadTest.Channel;
using MfaBot.LoadTest.Scenarios;
using Xunit.Abstractions;

namespace MfaBot.Tests.Reliability;

/// <summary>Measures managed memory, so it runs alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "serial (memory measurements)";
}

[Collection(RunsAlone.Name)]
public class HostileInboundTests(ITestOutputHelper output)
{
    /// <summary>10,000 by default (about half a minute here); MFABOT_FUZZ_COUNT changes it for a longer run.</summary>
    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("MFABOT_FUZZ_COUNT"), out var n) ? n : 10_000;

    [Fact]
    public async Task Generated_hostile_payloads_get_no_server_error_and_leave_the_bot_working_with_flat_memory()
    {
        var logs = new ProblemLogs();
        await using var bot = await ReliabilityBot.StartAsync(people: 1, logs, keepTranscripts: false, settings: new Dictionary<string, string?>
        {
            // Replies to dead service URLs give up quickly instead of holding the queue for the test's length.
            ["BotFramework:ConnectorMaxRetryDelay"] = "00:00:00.050",
        });
        var statuses = new Dictionary<HttpStatusCode, int>();
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var memory = new List<long>();
        foreach (var (path, wellFormed) in HostilePayloads.Endpoints)
        {
            var generator = HostilePayloads.For(wellFormed, bot.Connector.ServiceUrl);
            for (var start = 0; start < Count; start += 1_000)
            {
                // Generated batch by batch, so the payloads themselves are not what the memory check sees.
                await Parallel.ForEachAsync(HostilePayloads.Sample(generator, Math.Min(1_000, Count - start)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (payload, ct) =>
                {
                    using var content = new ByteArrayContent(payload.Body);
                    content.Headers.ContentType = new("application/json");
                    using var response = await bot.Http.PostAsync(bot.Bot.BaseUrl + path, content, ct);
                    lock (statuses)
                    {
                        statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
                        var code = (int)response.StatusCode;
                        if (code >= 500 && !(code == 503 && response.Headers.RetryAfter is not null)) failures.Add($"{code} for {payload}");
                    }
                });
                if ((start / 1_000) % 2 == 1) memory.Add(await SettledMemoryAsync(bot));
            }
        }
        var posted = clock.Elapsed;
        memory.Add(await SettledMemoryAsync(bot));
        output.WriteLine($"{Count} payloads per endpoint in {posted.TotalSeconds:F1} s; statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}×{s.Value}"))}");
        output.WriteLine($"managed memory every 2,000 payloads: {string.Join(", ", memory.Select(m => $"{m / 1024 / 1024} MB"))}; {logs.All.Count} warnings/errors logged");
        foreach (var line in logs.Errors.Take(5)) output.WriteLine(line);

        Assert.Empty(failures);
        // Replies to a service URL nobody serves fail and are logged; anything else that fails is a bug.
        Assert.DoesNotContain(logs.Errors, l => !l.Contains("ConnectorException: Bot Connector", StringComparison.Ordinal));
        // Bounded caches (de-duplication, pools, the kept warnings) fill in the first half; a leak keeps growing in the second.
        var (half, end) = (memory[memory.Count / 2], memory[^1]);
        Assert.True(end - half < 32L * 1024 * 1024, $"managed memory grew from {half} to {end} bytes in the second half");

        // Still alive and still doing its job: a real person enrolls end to end.
        using var health = await bot.Http.GetAsync(bot.Bot.BaseUrl + "/");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var person = Person.Numbered(0);
        var (card, turn) = await bot.Enrollment.StartAsync(person);
        Assert.True(card is not null, "no QR card after the fuzzing: " + turn.Answer.Text);
        Assert.True(EnrollmentFlow.Succeeded(await bot.Enrollment.SubmitCodesAsync(person, card)));
    }

    /// <summary>Waits until the bot has handled what it accepted (the connector goes quiet), then a full collection.</summary>
    private static async Task<long> SettledMemoryAsync(ReliabilityBot bot)
    {
        for (var (last, quiet) = (-1L, 0); quiet < 3; await Task.Delay(200))
        {
            var now = bot.Connector.CallCount;
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
