using MfaBot.LoadTest.Channel;
using MfaBot.LoadTest.Scenarios;
using MfaBot.LoadTest.Secrets;
using MfaBot.Tests.Slack;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.Reliability;

/// <summary>
/// The bot in this process (<see cref="BotServer"/>) with IAM users for <paramref name="people"/> numbered people, driven
/// through the load generator's channel harness, with a ledger of every seed and code it showed or was sent.
/// </summary>
public sealed class ReliabilityBot : IAsyncDisposable
{
    private readonly HttpClient _http = ChannelClient.NewHttp();

    private ReliabilityBot(string folder) => Folder = folder;

    public string Folder { get; }
    public string DataFolder => Path.Combine(Folder, "data");
    public ManualClock Clock { get; } = new();
    public SecretLedger Ledger { get; } = new();
    public BotServer Bot { get; private set; } = null!;
    public ChannelConnector Connector { get; private set; } = null!;
    public ChannelClient Channel { get; private set; } = null!;
    public EnrollmentFlow Enrollment { get; private set; } = null!;
    public AdminIam Admin { get; private set; } = null!;

    /// <summary>The Slack workspace the bot also serves, when started with Slack.</summary>
    public SlackHarness? Slack { get; private set; }

    /// <param name="withSlack">Serve Slack too, through a <see cref="SlackHarness"/> (its settings win over <paramref name="settings"/>).</param>
    /// <param name="iamUrl">IAM out of process (the standalone simulator) rather than the bot's embedded one.</param>
    public static async Task<ReliabilityBot> StartAsync(int people, ILoggerProvider logs, bool keepTranscripts = true, IDictionary<string, string?>? settings = null,
        bool withSlack = false, string? iamUrl = null)
    {
        var bot = new ReliabilityBot(Directory.CreateTempSubdirectory("mfabot-reliability-").FullName);
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        for (var i = 0; i < people; i++) values[$"IamSimulator:Users:{1000 + i}:UserName"] = Person.Numbered(i).Email;
        if (iamUrl is not null) (values["IamSimulator:Embedded"], values["Iam:ServiceUrl"]) = ("false", iamUrl);
        bot.Connector = await ChannelConnector.StartAsync(keepTranscripts);
        async Task<(BotServer, ManualClock)> StartBotAsync(IDictionary<string, string?> more)
        {
            foreach (var (k, v) in more) values[k] = v;
            bot.Bot = await BotServer.StartAsync(bot.DataFolder, bot.Clock, values, logs);
            return (bot.Bot, bot.Clock);
        }
        if (withSlack) bot.Slack = await SlackHarness.StartAsync((_, slack) => StartBotAsync(slack));
        else await StartBotAsync(new Dictionary<string, string?>());
        bot.Channel = new ChannelClient(bot._http, bot.Bot.BaseUrl + "/api/messages", bot.Connector);
        bot.Enrollment = new EnrollmentFlow(bot.Channel, bot.Ledger);
        bot.Admin = new AdminIam(iamUrl ?? bot.Bot.BaseUrl + "/_iam/");
        return bot;
    }

    public HttpClient Http => _http;

    public async ValueTask DisposeAsync()
    {
        await Admin.DisposeAsync();
        await Bot.DisposeAsync();
        if (Slack is not null) await Slack.DisposeAsync();
        await Connector.DisposeAsync();
        _http.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
