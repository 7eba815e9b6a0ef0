using MfaBot.LeakScan.Suite;

// ./test.sh runs this after the whole suite: <artifacts folder> [more files or folders], MFABOT_TEST_POSTGRES for the rows.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: MfaBot.LeakScan <MFABOT_TEST_ARTIFACTS folder> [more files or folders to scan]");
    return 2;
}
var result = await SuiteScan.RunAsync(new ScanInputs(args[0], args[1..], Environment.GetEnvironmentVariable("MFABOT_TEST_POSTGRES")));
ScanReport.Write(result, Console.Out);
return result.Passed ? 0 : 1;
