using BenchmarkDotNet.Running;
using MfaBot.Benchmarks;

// totp: BenchmarkDotNet micro-benchmarks (ns/op, bytes/op). iam: signed round trips/s against the simulator.
// campaign [people=10000] [rate=50]: a whole campaign against a loopback connector, time vs the rate-limit ideal.
// campaign-lookup [people=10000] [campaigns=5]: finding one person in campaigns, by scanning (before) and through the person index.
// sim-scale [users=100000] [turns=200] [blocks=7]: an enrollment turn's IAM calls against a persistent simulator with 10 vs `users` users.
// credential-report [users=50000] [runs=5]: the bot's reader over the credential report (generate + read + parse) vs the ListUsers + ListMFADevices fallback.
var what = args.FirstOrDefault() ?? "all";
if (what == "credential-report")
{
    await CredentialReportRun.RunAsync(Arg(1, 50_000), Arg(2, 5));
    return;
}
if (what == "sim-scale")
{
    await SimScale.RunAsync(Arg(1, 100_000), Arg(2, 200), Arg(3, 7));
    return;
}
if (what == "campaign-lookup")
{
    await CampaignLookup.RunAsync(Arg(1, 10_000), Arg(2, 5));
    return;
}
if (what == "campaign")
{
    await CampaignRun.RunAsync(Arg(1, 10_000), args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50);
    return;
}
if (what is "totp" or "all") BenchmarkRunner.Run<TotpBenchmarks>(args: args.Skip(1).ToArray());
if (what is "iam" or "all") await IamRoundTrips.RunAsync(TimeSpan.FromSeconds(5), [1, 4, 16, 64]);

int Arg(int at, int otherwise) => args.Length > at ? int.Parse(args[at], System.Globalization.CultureInfo.InvariantCulture) : otherwise;
