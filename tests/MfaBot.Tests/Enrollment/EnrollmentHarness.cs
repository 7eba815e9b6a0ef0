using System.Text.Json.Nodes;
using MfaBot.Otp;
using MfaBot.Tests.Support;

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
    public ManualClock Clock { get; } = new();
    public RecordingLoggerProvider Logs { get; } = new();
    public TestConnector Connector { get; private set; } = null!;
    public BotServer Bot { get; private set; } = null!;

    public static async Task<EnrollmentHarness> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var harness = new EnrollmentHarness { _settings = settings };
        harness.Connector = await TestConnector.StartAsync();
        harness.Connector.Members[AlexId] = (AlexEmail, "Alex Wilber");
        harness.Connector.Members["29:megan"] = ("meganb@example.com", "Megan Bowen");
        harness.Connector.Members["29:nobody"] = ("nobody@example.com", "No Body");
        harness.Bot = await BotServer.StartAsync(harness.DataFolder, harness.Clock, settings, harness.Logs);
        return harness;
    }

    /// <summary>Stops the app and starts a new one on the same data folder (and a new port).</summary>
    public async Task RestartAsync()
    {
        await Bot.DisposeAsync();
        Bot = await BotServer.StartAsync(DataFolder, Clock, _settings, Logs);
    }

    public TeamsChat Chat(string userId = AlexId, string name = "Alex Wilber", string conversationType = "personal", string conversationId = "") =>
        new(_http, Bot.BaseUrl, Connector, userId, name, conversationId, conversationType);

    /// <summary>Says "enroll" and waits for the QR card; returns it with the secret a phone would scan from it.</summary>
    public async Task<(TestConnector.Call Card, byte[] Key)> StartEnrollmentAsync(TeamsChat chat)
    {
        var skip = Connector.Calls.Count;
        await chat.SayAsync("enroll");
        var card = await chat.NextAsync(c => c.Method == "POST" && TestConnector.CardOf(c) is { } json && QrDecoder.FindImageUrls(json).Any(), skip);
        var uri = await QrDecoder.FromCardAsync(TestConnector.CardOf(card)!, Folder);
        return (card, uri.SecretBytes());
    }

    /// <summary>Two consecutive codes as the app shows them now: the previous one and the current one.</summary>
    public (string First, string Second) CodesNow(byte[] key)
    {
        var step = Totp.StepAt(Clock.GetUtcNow());
        return (Totp.Hotp(key, step - 1), Totp.Hotp(key, step));
    }

    public static JsonObject Codes(string code1, string code2) => new() { ["step"] = "enroll.codes", ["code1"] = code1, ["code2"] = code2 };

    /// <summary>Submits codes and waits for the bot's next text answer (or card update).</summary>
    public async Task<TestConnector.Call> SubmitCodesAsync(TeamsChat chat, string cardId, string code1, string code2, Func<TestConnector.Call, bool>? until = null)
    {
        var skip = Connector.Calls.Count;
        await chat.SubmitAsync(cardId, Codes(code1, code2));
        return await chat.NextAsync(until ?? (c => TestConnector.TextOf(c) is not null || c.Method == "PUT"), skip);
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Connector.DisposeAsync();
        _http.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
