using MfaBot.Charts;
using MfaBot.Configuration;
using MfaBot.Conversation;
using MfaBot.Coordination;
using MfaBot.Coverage.Chat;
using MfaBot.Coverage.History;
using MfaBot.Coverage.Report;

namespace MfaBot.Coverage;

public static class CoverageServiceCollectionExtensions
{
    /// <summary>
    /// The "coverage" command, its "Invite these N" button and its charts, and the daily coverage history (needs
    /// AddCampaigns and AddAuditTrail).
    /// </summary>
    /// <param name="configuration">The root configuration (reads section "Coverage" and PublicBaseUrl).</param>
    public static IServiceCollection AddCoverage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CoverageOptions>().Bind(configuration.GetSection(CoverageOptions.Section))
            .ValidateAnnotations(CoverageOptions.Section)
            .Validate(o => o.ServicePathPrefixes.All(p => p is ['/', .., '/']),
                "Coverage:ServicePathPrefixes: every entry must be an IAM path that starts and ends with '/', e.g. /service/.")
            .ValidateOnStart();
        services.AddSingleton<UserTags>();
        services.AddSingleton<CoverageViews>();
        services.AddSingleton<CoverageAccess>();
        services.AddSingleton<CoverageAnswers>();
        services.AddCharts();
        services.AddSingleton<CoverageHistory>();
        services.AddSingleton<CoverageCharts>();
        services.AddHostedService<CoverageHistorySweeper>();
        services.AddExpiringRecords(CoverageDay.Prefix);
        services.AddSingleton<ICommand, CoverageCommand>();
        services.AddSingleton<ICardStep, InviteTheseStep>();
        services.AddExpiringRecords(CoverageExport.Prefix);
        services.AddExpiringRecords(CoverageSnapshot.Prefix);
        return services;
    }
}
