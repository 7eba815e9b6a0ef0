using MfaBot.IamSimulator;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddIamSimulator(builder.Configuration.GetSection(IamSimulatorOptions.Section));
var app = builder.Build();
app.MapIamSimulator("/_iam");
app.Run();
