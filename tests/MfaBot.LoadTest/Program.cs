using MfaBot.LoadTest;

var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
return await new Suite(options, Console.Out).RunAsync();
