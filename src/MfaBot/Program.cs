using MfaBot.Hosting;
using MfaBot.Hosting.Startup;

// Before anything allocates much natively: freed native memory goes back to the system instead of staying resident.
NativeHeap.Tune();
var builder = WebApplication.CreateBuilder(MfaBotServices.WebOptions(args));
// Every setting's type and form, and what outside Development refuses: one line each and exit code 1, no stack trace.
var check = StartupCheck.Begin(builder);
if (!check.Compose(() => builder.AddMfaBot())) return check.Report();
var app = builder.Build();
if (!check.Passes(app)) return check.Report();
// Mapping resolves the channels' services, and with them the state store: a damaged or busy SQLite file is one line too.
if (!check.Compose(() => app.MapMfaBot())) return check.Report();
return await check.RunAsync(app);
