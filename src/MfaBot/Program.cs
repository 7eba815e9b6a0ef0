using MfaBot.Hosting;

var builder = WebApplication.CreateBuilder(MfaBotServices.WebOptions(args));
builder.AddMfaBot();
var app = builder.Build();
app.MapMfaBot();
app.Run();
