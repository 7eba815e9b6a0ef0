using MfaBot.Configuration;
using MfaBot.Conversation;
using MfaBot.Enrollment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Resets;

public static class ResetServiceCollectionExtensions
{
    /// <summary>The helpdesk reset hand-off: reset, register helpdesk, the helpdesk card's buttons, status and cancel hooks, the sweeper.</summary>
    public static IServiceCollection AddResets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ResetOptions>().Bind(configuration.GetSection(ResetOptions.Section)).ValidateAnnotations(ResetOptions.Section)
            .Validate(o => o.HelpdeskMembers.All(m => !m.IsEmpty), "Each Resets:HelpdeskMembers entry needs an AadObjectId, an Email or a SlackUserId.")
            .Validate(o => o.ExpireAfter > o.ReannounceAfter, "Resets:ExpireAfter must be longer than Resets:ReannounceAfter.")
            .ValidateOnStart();
        services.AddSingleton<ResetStore>();
        services.AddSingleton<ResetAudit>();
        services.AddSingleton<Helpdesk>();
        services.AddSingleton<ResetNotifier>();
        services.AddSingleton<ResetExecutor>();
        services.AddSingleton<RequestReset>();
        services.AddSingleton<ICommand>(sp => sp.GetRequiredService<RequestReset>());
        services.AddSingleton<ICardStep>(sp => sp.GetRequiredService<RequestReset>());
        services.AddSingleton<ICommand, RegisterHelpdesk>();
        services.AddSingleton<ICardStep, ConfirmReset>();
        services.AddSingleton<ICardStep, TakeReset>();
        services.AddSingleton<ICardStep, ApproveReset>();
        services.AddSingleton<ICardStep, DenyReset>();
        services.AddSingleton<WithdrawReset>();
        services.AddSingleton<ICardStep>(sp => sp.GetRequiredService<WithdrawReset>());
        services.AddSingleton<ICancellable>(sp => sp.GetRequiredService<WithdrawReset>());
        services.AddSingleton<IStatusContributor, ResetStatusLines>();
        services.AddSingleton<ResetSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ResetSweeper>());
        return services;
    }
}
