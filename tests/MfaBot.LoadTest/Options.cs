using System.Globalization;

namespace MfaBot.LoadTest;

/// <summary>Command line: <c>&lt;mode&gt; [--concurrency 1,10,50,200] [--paced 200] [--think 1] [--warmup 2] [--duration 8] [--inflight 1000] [--starts 3] [--bot path/MfaBot.dll] [--docs] [--keep]</c>, and the options of modes storage, production and campaign (see <see cref="Usage"/>).</summary>
public sealed record Options(string Mode, int[] Concurrency, int Paced, TimeSpan Think, TimeSpan Warmup, TimeSpan Duration, int InFlight, int Starts, bool WriteDocs, bool Keep, string? BotDll = null)
{
    public static readonly string[] Modes = ["enroll", "commands", "echo", "botbuilder", "inflight", "startup", "production", "campaign", "all", "storage"];

    /// <summary>Mode storage: the Storage:Provider values to compare, in this order.</summary>
    public string[] Providers { get; init; } = ["File", "Sqlite", "Postgres"];

    /// <summary>Mode storage, provider Postgres: a server where the run may create a database (default: MFABOT_TEST_POSTGRES).</summary>
    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable("MFABOT_TEST_POSTGRES");

    /// <summary>Mode production: the IAM latencies (ms per call, added by the harness's proxy) of the paced rows after the 0 ms sweep.</summary>
    public int[] IamLatencies { get; init; } = [30, 100];

    /// <summary>Modes production and campaign: extra bot settings (--set Section:Key=value, repeatable), e.g. BotFramework:MaxConcurrentConversations.</summary>
    public IReadOnlyDictionary<string, string> BotSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Mode campaign: people invited (all IAM users), of whom the first enroll and the next ask status, at a person's pace.</summary>
    public int CampaignPeople { get; init; } = 10_000;

    public int CampaignEnrollers { get; init; } = 2_000;

    public int CampaignStatus { get; init; } = 200;

    public TimeSpan CampaignThink { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Mode campaign: after the interactive run, how long to wait for the rest of the invitations.</summary>
    public TimeSpan CampaignWait { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Mode campaign: Campaigns:SendRatePerSecond given to the bot (appsettings.json's default).</summary>
    public double CampaignRate { get; init; } = 50;

    public const string Usage = """
        usage: dotnet run -c Release --project tests/MfaBot.LoadTest -- <mode> [options]
          modes: enroll | echo | botbuilder   N concurrent people against one target
                 commands                     enroll, then help and status against the same bot
                 inflight                     open --inflight enrollments (QR shown, no codes) and read the bot's RSS
                 startup                      start the bot --starts times and time it to ready
                 production                   IAM out of process (the standalone simulator behind a loopback proxy, bot CPU alone):
                                              the enroll sweep, then --paced people with --iam-latency 30,100 (ms) added per IAM call;
                                              p99 against latency × calls + 15 ms, the bot's thread growth as the starvation check
                 campaign                     a manager invites --campaign-people 10000 (invite team, Confirm) while
                                              --campaign-enrollers 2000 enroll and --campaign-status 200 ask status, each pausing
                                              0.5–1.5 × --campaign-think 10 (s); the same mix without a campaign first; invites/s
                                              against --campaign-rate 50 (Campaigns:SendRatePerSecond) until all are out or
                                              --campaign-wait 600 (s) after the run, peak RSS
                 all                          all of the above, ratios, targets; --docs writes docs/BENCHMARKS.md and the SVGs
                 storage                      the enroll sweep once per --providers File,Sqlite,Postgres (--postgres <Npgsql
                                              connection string>, default MFABOT_TEST_POSTGRES); --docs writes its own section
          --concurrency 1,10,50,200  closed loops: each person sends the next turn as soon as the answer arrives
          --paced 200 --think 1      then that many people at a person's pace: a pause of 0.5–1.5 × think (s) after each answer (--paced 0: none)
          --warmup 2 (s)  --duration 8 (s)  --inflight 1000  --starts 3  --keep (keep data folders)
          --set Section:Key=value    a bot setting for production and campaign (repeatable), e.g. BotFramework:MaxConcurrentConversations=64
          --bot <MfaBot.dll>         another build of the bot, e.g. the Dockerfile's ReadyToRun publish (default: this configuration's build)
        """;

    public bool Runs(string mode) => Mode == mode || (mode == "enroll" && Mode == "commands") || (Mode == "all" && mode != "storage");

    public static Options? Parse(string[] args)
    {
        if (args.Length == 0 || !Modes.Contains(args[0])) return null;
        var o = new Options(args[0], [1, 10, 50, 200], 200, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8), 1000, 3, false, false);
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--concurrency" => o with { Concurrency = [.. Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                "--paced" => o with { Paced = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--think" => o with { Think = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--warmup" => o with { Warmup = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--duration" => o with { Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--inflight" => o with { InFlight = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--starts" => o with { Starts = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--bot" => o with { BotDll = Path.GetFullPath(Next()) },
                "--docs" => o with { WriteDocs = true },
                "--keep" => o with { Keep = true },
                "--providers" => o with { Providers = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--postgres" => o with { Postgres = Next() },
                "--iam-latency" => o with { IamLatencies = [.. Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                "--set" => o with { BotSettings = new Dictionary<string, string>(o.BotSettings) { [Next().Split('=', 2)[0]] = args[i].Split('=', 2) is [_, var v] ? v : throw new ArgumentException("--set needs Section:Key=value") } },
                "--campaign-people" => o with { CampaignPeople = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--campaign-enrollers" => o with { CampaignEnrollers = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--campaign-status" => o with { CampaignStatus = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--campaign-think" => o with { CampaignThink = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--campaign-wait" => o with { CampaignWait = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--campaign-rate" => o with { CampaignRate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException("unknown option " + args[i]),
            };
        }
        return o;
    }
}
