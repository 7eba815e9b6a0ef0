using MfaBot.IamSimulator;
using Microsoft.Extensions.Options;

// Standalone IAM simulator: dotnet run --project src/MfaBot.IamSimulator -- --urls http://127.0.0.1:4599
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddIamSimulator(builder.Configuration.GetSection(IamSimulatorOptions.Section));
var app = builder.Build();
try
{
    app.MapIamSimulator("/");
    await app.StartAsync();
}
catch (OptionsValidationException e)
{
    // A bad setting is the operator's to fix: one line each, no stack trace.
    foreach (var failure in e.Failures) Console.Error.WriteLine("MfaBot.IamSimulator did not start: " + failure);
    return 1;
}
await app.WaitForShutdownAsync();
return 0;
