using MfaBot.Audit;
using MfaBot.Audit.Export;
using MfaBot.Campaigns;
using MfaBot.Campaigns.Reports;
using MfaBot.Cards;
using MfaBot.Channels.BotFramework;
using MfaBot.Channels.BotFramework.Bridge;
using MfaBot.Channels.Slack;
using MfaBot.Conversation;
using MfaBot.Coordination;
using MfaBot.Coverage;
using MfaBot.Coverage.Chat;
using MfaBot.Downloads;
using MfaBot.Enforcement;
using MfaBot.Enrollment;
using MfaBot.Iam;
using MfaBot.IamSimulator;
using MfaBot.Identity;
using MfaBot.Resets;
using MfaBot.Operability;
using MfaBot.Secrets;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Hosting;

public static class MfaBotServices
{
    /// <summary>Options that make any working directory work: settings and cards travel with the build output.</summary>
    /// <param name="environmentName">Null: ASPNETCORE_ENVIRONMENT, else Production. Tests pass Development for the demo.</param>
    public static WebApplicationOptions WebOptions(string[] args, string? environmentName = null) =>
        new() { Args = args, ContentRootPath = AppContext.BaseDirectory, EnvironmentName = environmentName };

    /// <summary>Everything the bot needs, from configuration. Features register their own commands and steps.</summary>
    public static WebApplicationBuilder AddMfaBot(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddOperability();
        if (builder.Environment.IsDevelopment()) builder.Services.AddHostedService<DevelopmentWelcome>();
        if (EmbeddedIam.IsEnabled(configuration))
        {
            builder.Services.AddIamSimulator(configuration.GetSection(IamSimulatorOptions.Section));
            EmbeddedIam.PointClientAtSelf(configuration);
        }
        builder.Services
            .AddIamGateway(configuration.GetSection(IamOptions.Section))
            .AddStateStore(configuration)
            .AddCoordination(configuration)
            .AddSecretProtection(configuration)
            .AddAuditTrail(configuration)
            .AddCardTemplates()
            .AddIdentityMapping(configuration)
            .AddConversation()
            .AddEnforcement(configuration)
            .AddEnrollment(configuration)
            .AddResets(configuration)
            .AddCampaigns(configuration)
            .AddCoverage(configuration)
            .AddBotFramework(configuration)
            .AddBotFrameworkBridge(configuration)
            .AddSlack(configuration);
        return builder;
    }

    public static WebApplication MapMfaBot(this WebApplication app)
    {
        if (EmbeddedIam.IsEnabled(app.Configuration)) app.MapIamSimulator(EmbeddedIam.PathPrefix);
        app.MapOperability();
        // Without an app id there is no token to check: only the Development demo takes unauthenticated loopback calls.
        if (app.Environment.IsDevelopment() || app.Services.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.HasAppId) app.MapBotFramework();
        app.MapCardImages();
        app.MapSlack();
        app.MapCsvDownloads(CampaignExport.Kind);
        app.MapCsvDownloads(AuditExport.Kind);
        app.MapCsvDownloads(CoverageExport.Kind);
        app.MapGet("/", () => Results.Text("MfaBot is running. Chat with it through Teams or Slack; see README.md."));
        return app;
    }
}
