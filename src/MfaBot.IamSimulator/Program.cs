using MfaBot.IamSimulator;

// Standalone IAM simulator: dotnet run --project src/MfaBot.IamSimulator -- --urls http://127.0.0.1:4599
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddIamSimulator(builder.Configuration.GetSection(IamSimulatorOptions.Section));
var app = builder.Build();
app.MapIamSimulator("/");
app.Run();
