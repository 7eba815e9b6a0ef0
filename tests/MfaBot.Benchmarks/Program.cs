using BenchmarkDotNet.Running;
using MfaBot.Benchmarks;

// totp: BenchmarkDotNet micro-benchmarks (ns/op, bytes/op). iam: signed round trips/s against the simulator.
var what = args.FirstOrDefault() ?? "all";
if (what is "totp" or "all") BenchmarkRunner.Run<TotpBenchmarks>(args: args.Skip(1).ToArray());
if (what is "iam" or "all") await IamRoundTrips.RunAsync(TimeSpan.FromSeconds(5), [1, 4, 16, 64]);
