using System.Globalization;
using MfaBot.LoadTest;
using MfaBot.LoadTest.Targets;

if (args is [EchoServer.Command, var port]) return await EchoServer.RunAsync(int.Parse(port, CultureInfo.InvariantCulture));

var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
return await new Suite(options, Console.Out).RunAsync();
