using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MfaBot.Tests.Operability;

public sealed class TelemetryTests
{
    private sealed record Measurement(string Instrument, double Value, Dictionary<string, string?> Tags);

    /// <summary>Listens to the "MfaBot" meter of one app only (its own meter factory), not to other tests' bots.</summary>
    private static MeterListener Listen(IServiceProvider app, ConcurrentQueue<Measurement> into)
    {
        var factory = app.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "MfaBot" && ReferenceEquals(instrument.Meter.Scope, factory)) l.EnableMeasurementEvents(instrument);
            },
        };
        void Record(Instrument i, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            into.Enqueue(new Measurement(i.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString())));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();
        return listener;
    }

    [Fact]
    public async Task Turns_record_their_latency_and_the_iam_calls_they_made_with_their_errors()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var seen = new ConcurrentQueue<Measurement>();
        using var listener = Listen(h.Bot.Services, seen);
        await h.StartEnrollmentAsync(h.Chat());
        var nobody = h.Chat("29:nobody", "No Body");
        var skip = h.Connector.Calls.Count;
        await nobody.SayAsync("enroll");
        await nobody.NextAsync(c => TestConnector.TextOf(c) is not null, skip);
        // The turn's measurement is taken after its last reply: wait for it, boundedly.
        List<Measurement> Turns() => seen.Where(m => m.Instrument == "mfabot.turn.duration").ToList();
        for (var i = 0; i < 100 && Turns().Count < 2; i++) await Task.Delay(50);

        var turns = Turns();
        Assert.True(turns.Count >= 2, "one measurement per turn");
        Assert.All(turns, m => Assert.Equal(("msteams", "ok"), (m.Tags["channel"], m.Tags["outcome"])));
        Assert.All(turns, m => Assert.InRange(m.Value, 0, 30));
        Assert.Contains(seen, m => m.Instrument == "mfabot.iam.call.duration" && m.Tags["aws.iam.action"] == "CreateVirtualMFADevice" && m.Tags["outcome"] == "ok");
        var error = Assert.Single(seen, m => m.Instrument == "mfabot.iam.call.errors");
        Assert.Equal(("GetUser", "NoSuchEntity", 1.0), (error.Tags["aws.iam.action"], error.Tags["error.type"], error.Value));
        Assert.Contains(seen, m => m.Instrument == "mfabot.iam.call.duration" && m.Tags["aws.iam.action"] == "GetUser" && m.Tags["outcome"] == "NoSuchEntity");
    }

    [Fact]
    public async Task With_an_otlp_endpoint_traces_and_metrics_are_exported_to_it()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["OpenTelemetry:OtlpEndpoint"] = collector.Endpoint,
            ["OpenTelemetry:Protocol"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        await h.StartEnrollmentAsync(h.Chat());

        await collector.WaitForAsync("/v1/traces");
        await collector.WaitForAsync("/v1/metrics");
    }

    [Fact]
    public async Task Exported_traces_name_the_route_of_a_hosted_qr_image_never_its_secret_address()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["PublicBaseUrl"] = "https://bot.example.com",
            ["OpenTelemetry:OtlpEndpoint"] = collector.Endpoint,
            ["OpenTelemetry:Protocol"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        var chat = h.Chat();
        await chat.SayAsync("enroll");
        var card = await chat.NextAsync(c => TestConnector.CardOf(c) is { } json && QrDecoder.FindImageUrls(json).Any(), 0);
        var path = new Uri(QrDecoder.FindImageUrls(TestConnector.CardOf(card)).Single()).AbsolutePath;
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(h.Bot.BaseUrl + path)).StatusCode);

        // The image request's span is exported with its route template; its address appears in no exported byte.
        await collector.WaitForTextAsync("/v1/traces", "/card-images/{file}");
        var token = Path.GetFileNameWithoutExtension(path);
        Assert.DoesNotContain(collector.Bodies, body => body.Contains(token, StringComparison.Ordinal));
    }

    /// <summary>Accepts OTLP/HTTP posts on loopback and remembers their paths and bodies (protobuf strings are UTF-8).</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<string> _paths = new();
        private readonly ConcurrentQueue<(string Path, string Text)> _bodies = new();

        public IEnumerable<string> Bodies => _bodies.Select(b => b.Text);

        private OtlpCollector(WebApplication app) => _app = app;

        public string Endpoint { get; private set; } = "";

        public static async Task<OtlpCollector> StartAsync()
        {
            var app = LoopbackApp.CreateBuilder().Build();
            var collector = new OtlpCollector(app);
            app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                if (body.Length == 0) return Results.Ok();
                collector._paths.Enqueue("/v1/" + signal);
                collector._bodies.Enqueue(("/v1/" + signal, Encoding.Latin1.GetString(body.ToArray())));
                return Results.Ok();
            });
            collector.Endpoint = await LoopbackApp.StartAsync(app);
            return collector;
        }

        public async Task WaitForAsync(string path)
        {
            for (var i = 0; i < 150 && !_paths.Contains(path); i++) await Task.Delay(100);
            Assert.Contains(path, _paths);
        }

        public async Task WaitForTextAsync(string path, string text)
        {
            for (var i = 0; i < 150 && !_bodies.Any(b => b.Path == path && b.Text.Contains(text, StringComparison.Ordinal)); i++) await Task.Delay(100);
            Assert.Contains(_bodies, b => b.Path == path && b.Text.Contains(text, StringComparison.Ordinal));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
