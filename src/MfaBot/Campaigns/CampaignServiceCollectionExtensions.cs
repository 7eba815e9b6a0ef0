using MfaBot.Charts;
using MfaBot.Campaigns.Access;
using MfaBot.Campaigns.Delivery;
using MfaBot.Campaigns.Invites;
using MfaBot.Campaigns.Model;
using MfaBot.Campaigns.Progress;
using MfaBot.Campaigns.Reports;
using MfaBot.Configuration;
using MfaBot.Conversation;
using MfaBot.Coordination;
using MfaBot.Enrollment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MfaBot.Campaigns;

public static class CampaignServiceCollectionExtensions
{
    /// <summary>Manager campaigns: invite, preview/confirm, delivery worker, reminders, snooze, status, export.</summary>
    /// <param name="configuration">The root configuration (reads section "Campaigns" and PublicBaseUrl).</param>
    public static IServiceCollection AddCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CampaignOptions>().Bind(configuration.GetSection(CampaignOptions.Section))
            .PostConfigure(o => o.PublicBaseUrl = configuration["PublicBaseUrl"])
            .ValidateAnnotations(CampaignOptions.Section)
            .Validate(o => o.Managers.All(m => m.AadObjectId is { Length: > 0 } || m.Email is { Length: > 0 } || m.SlackUserId is { Length: > 0 }),
                "Campaigns:Managers: every entry needs an AadObjectId, Email or SlackUserId.")
            .Validate(o => o.ReminderSchedule.All(t => t > TimeSpan.Zero) && o.ReminderSchedule.SequenceEqual(o.ReminderSchedule.Order()),
                "Campaigns:ReminderSchedule must be positive times after the invitation, in increasing order.")
            .Validate(o => o.PerConversation.All(w => w.Limit >= 1 && w.Window > TimeSpan.Zero),
                "Campaigns:PerConversation: every window needs Limit >= 1 and a positive Window.")
            .Validate(o => o.ChannelRatePerSecond.Values.All(r => r > 0), "Campaigns:ChannelRatePerSecond values must be positive.")
            .ValidateOnStart();
        services.AddSingleton(sp => new Transitions(sp.GetRequiredService<IOptions<CampaignOptions>>().Value));
        services.AddPaceLedger(configuration);
        services.AddSingleton<CampaignStore>();
        services.AddExpiringRecords(CampaignExport.Prefix);
        services.AddSingleton<CampaignAudit>();
        services.AddSingleton<CampaignSignal>();
        services.AddCharts();
        services.AddSingleton<CampaignCards>();
        services.AddSingleton<ManagerPolicy>();
        services.AddSingleton<DeliveryPace>();
        services.AddSingleton<InviteSender>();
        services.AddSingleton<DeliveryFailures>();
        services.AddSingleton<ChunkJob>();
        services.AddSingleton<DeadlineEnforcement>();
        services.AddSingleton<ProgressReporter>();
        services.AddSingleton<EnrollmentTracker>();
        services.AddSingleton<IEnrollmentListener>(sp => sp.GetRequiredService<EnrollmentTracker>());
        services.AddSingleton<InviteSources>();
        services.AddSingleton<InviteeResolver>();
        services.AddSingleton<InviteCommand>();
        services.AddSingleton<ICommand>(sp => sp.GetRequiredService<InviteCommand>());
        services.AddSingleton<PreviewSteps>();
        services.AddSingleton<ICardStep>(sp => new DelegateStep(Steps.CampaignConfirm, sp.GetRequiredService<PreviewSteps>().ConfirmAsync));
        services.AddSingleton<ICardStep>(sp => new DelegateStep(Steps.CampaignCancel, sp.GetRequiredService<PreviewSteps>().CancelAsync));
        services.AddSingleton<ICardStep, SnoozeStep>();
        services.AddSingleton<ManagerCampaigns>();
        services.AddSingleton<CampaignStatusCommand>();
        services.AddSingleton<ICommand>(sp => sp.GetRequiredService<CampaignStatusCommand>());
        services.AddSingleton<ICardStep>(sp => sp.GetRequiredService<CampaignStatusCommand>());
        services.AddSingleton<CampaignExportCommand>();
        services.AddSingleton<ICommand>(sp => sp.GetRequiredService<CampaignExportCommand>());
        services.AddSingleton<ICardStep>(sp => sp.GetRequiredService<CampaignExportCommand>());
        services.AddSingleton<CampaignWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<CampaignWorker>());
        return services;
    }
}
