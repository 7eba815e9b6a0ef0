using System.Text.Json.Nodes;
using MfaBot.Enrollment;
using MfaBot.Iam;
using MfaBot.LeakScan.Recording;
using MfaBot.Storage;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Enrollment;

/// <summary>A running bot, a recording connector and people to chat as. One per test; disposed with it.</summary>
public sealed class EnrollmentHarness : IAsyncDisposable
{
    public const string AlexId = "29:alex";
    public const string AlexEmail = "alexw@example.com";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private IDictionary<string, string?>? _settings;

    public string Folder { get; } = Directory.CreateTempSubdirectory("mfabot-test-").FullName;
    public string DataFolder => Path.Combine(Folder, "data");
    public ManualClock Clock { get; private init; } = new();
    public RecordingLoggerProvider Logs { get; } = new();
    public TestConnector Connector { get; private set; } = null!;
    public BotServer Bot { get; private set; } = null!;

    /// <param name="connected">Settings that need the connector's address, e.g. a conversation the bot posts to unasked.</param>
    public static async Task<EnrollmentHarness> StartAsync(IDictionary<string, string?>? settings = null, ManualClock? clock = null,
        Action<IServiceCollection>? services = null, Func<TestConnector, IDictionary<string, string?>>? connected = null)
    {
        var harness = new EnrollmentHarness { Clock = clock ?? new ManualClock() };
        harness.Connector = await TestConnector.StartAsync();
        if (connected is not null)
            settings = new Dictionary<string, string?>((settings ?? new Dictionary<string, string?>()).Concat(connected(harness.Connector)));
        harness._settings = settings;
        harness.Connector.Members[AlexId] = (AlexEmail, "Alex Wilber");
        harness.Connector.Members["29:megan"] = ("meganb@example.com", "Megan Bowen");
        harness.Connector.Members["29:nobody"] = ("nobody@example.com", "No Body");
        harness.Bot = await BotServer.StartAsync(harness.DataFolder, harness.Clock, settings, harness.Logs, services);
        return harness;
    }

    /// <summary>Stops the app and starts a new one on the same data folder (and a new port), with some settings changed.</summary>
    public async Task RestartAsync(IDictionary<string, string?>? changes = null)
    {
        await Bot.DisposeAsync();
        _settings = new Dictionary<string, string?>(_settings ?? new Dictionary<string, string?>());
        foreach (var (k, v) in changes ?? new Dictionary<string, string?>()) _settings[k] = v;
        Bot = await BotServer.StartAsync(DataFolder, Clock, _settings, Logs);
    }

    /// <summary>Another instance with the same settings and its own data folder (share state through Storage settings).</summary>
    public async Task<BotServer> StartInstanceAsync(string name, Action<IServiceCollection>? services = null)
    {
        var bot = await BotServer.StartAsync(Path.Combine(Folder, "data-" + name), Clock, _settings, Logs, services);
        _instances.Add(bot);
        return bot;
    }

    private readonly List<BotServer> _instances = [];

    public TeamsChat Chat(string userId = AlexId, string name = "Alex Wilber", string conversationType = "personal", string conversationId = "",
        BotServer? via = null) =>
        new(_http, (via ?? Bot).BaseUrl, Connector, userId, name, conversationId, conversationType);

    /// <summary>Says "enroll" and waits for the QR card; returns it with the secret a phone would scan from it.</summary>
    public async Task<(TestConnector.Call Card, byte[] Key)> StartEnrollmentAsync(TeamsChat chat)
    {
        var skip = Connector.Calls.Count;
        await chat.SayAsync("enroll");
        var card = await chat.NextAsync(c => c.Method == "POST" && TestConnector.CardOf(c) is { } json && QrDecoder.FindImageUrls(json).Any(), skip);
        var uri = await QrDecoder.FromCardAsync(TestConnector.CardOf(card)!, Folder);
        return (card, uri.SecretBytes());
    }

    /// <summary>Enrolls the chat's person end to end: the QR card, two codes from it, then the success card.</summary>
    public async Task EnrollAsync(TeamsChat chat)
    {
        var (card, key) = await StartEnrollmentAsync(chat);
        var (c1, c2) = CodesNow(key);
        var skip = Connector.Calls.Count;
        await SubmitCodesAsync(chat, card.ResultId, c1, c2);
        await chat.NextAsync(IsSuccessCard, skip);
    }

    /// <summary>Two consecutive codes as the app shows them now: the previous one and the current one.</summary>
    public (string First, string Second) CodesNow(byte[] key) => AuthenticatorCodes.At(key, Clock.GetUtcNow());

    /// <summary>The success card: a new message below the chat (the QR card above is closed).</summary>
    public static bool IsSuccessCard(TestConnector.Call c) =>
        c.Method is "POST" or "REPLY" && TestConnector.CardOf(c)?["fallbackText"]?.GetValue<string>().StartsWith("MFA is on for", StringComparison.Ordinal) == true;

    /// <summary>The "How to use MFA" details (Teams: on the success card; Slack: the step's answer) for <paramref name="serial"/>.</summary>
    public static void AssertHowToUse(string details, string serial)
    {
        Assert.Contains("mfa_serial = " + serial, details, StringComparison.Ordinal);
        Assert.Contains($"aws sts get-session-token --serial-number {serial} --token-code", details, StringComparison.Ordinal);
        Assert.Contains("~/.aws/config", details, StringComparison.Ordinal);
        Assert.Contains("Sign out and sign in again", details, StringComparison.Ordinal);
    }

    /// <summary>Types text into the chat the way a person types codes: recorded for the leak scan like card inputs.</summary>
    public static Task TypeCodesAsync(TeamsChat chat, string text, params string[] codes)
    {
        RunLedger.Codes(codes);
        return chat.SayAsync(text);
    }

    public static JsonObject Codes(string code1, string code2) => new() { ["step"] = "enroll.codes", ["code1"] = code1, ["code2"] = code2 };

    /// <summary>Submits codes and waits for the bot's next text answer (or card update).</summary>
    public async Task<TestConnector.Call> SubmitCodesAsync(TeamsChat chat, string cardId, string code1, string code2, Func<TestConnector.Call, bool>? until = null)
    {
        var skip = Connector.Calls.Count;
        await chat.SubmitAsync(cardId, Codes(code1, code2));
        return await chat.NextAsync(until ?? (c => TestConnector.TextOf(c) is not null || c.Method == "PUT"), skip);
    }

    public IIamGateway Iam => Bot.Services.GetRequiredService<IIamGateway>();

    public IStateStore Store => Bot.Services.GetRequiredService<IStateStore>();

    public async Task<List<string>> EnrollmentKeysAsync() => await Store.ListKeysAsync("enrollment/", CancellationToken.None).ToListAsync();

    /// <summary>The one enrollment record in the store; fails the test unless there is exactly one.</summary>
    public async Task<Stored<EnrollmentState>> StoredEnrollmentAsync() =>
        (await Store.GetAsync<EnrollmentState>(Assert.Single(await EnrollmentKeysAsync()), CancellationToken.None))!;

    /// <summary>The audit table's events, one JSON object per string.</summary>
    public List<string> AuditLines() => AuditRows.Lines(Bot.Services);

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        foreach (var instance in _instances) await instance.DisposeAsync();
        await Connector.DisposeAsync();
        _http.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
