using MfaBot.Charts;
using MfaBot.Configuration;
using MfaBot.Conversation;
using MfaBot.Coordination;
using MfaBot.Coverage.Chat;
using MfaBot.Coverage.Digest;
using MfaBot.Coverage.History;
using MfaBot.Coverage.Report;
using Microsoft.Extensions.Options;

namespace MfaBot.Coverage;

public static class CoverageServiceCollectionExtensions
{
    /// <summary>
    /// The "coverage" command, its "Invite these N" button and its charts, the daily coverage history and the weekly
    /// digest (needs AddCampaigns and AddAuditTrail).
    /// </summary>
    /// <param name="configuration">The root configuration (reads section "Coverage" and PublicBaseUrl).</param>
    public static IServiceCollection AddCoverage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CoverageOptions>().Bind(configuration.GetSection(CoverageOptions.Section))
            .ValidateAnnotations(CoverageOptions.Section)
            .Validate(o => o.ServicePathPrefixes.All(p => p is ['/', .., '/']),
                "Coverage:ServicePathPrefixes: every entry must be an IAM path that starts and ends with '/', e.g. /service/.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CoverageOptions>, CoverageDigestValidator>();
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
        services.AddSingleton<CoverageDigest>();
        services.AddHostedService(sp => sp.GetRequiredService<CoverageDigest>());
        services.AddExpiringRecords(DigestWeek.Prefix);
        return services;
    }
}
