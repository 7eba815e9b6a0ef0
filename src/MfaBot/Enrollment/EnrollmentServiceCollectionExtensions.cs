using MfaBot.Configuration;
using MfaBot.Conversation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Enrollment;

public static class EnrollmentServiceCollectionExtensions
{
    /// <summary>The enrollment dialog (enroll, codes, cancel, status) and its sweeper.</summary>
    public static IServiceCollection AddEnrollment(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EnrollmentOptions>().Bind(configuration.GetSection(EnrollmentOptions.Section)).ValidateAnnotations(EnrollmentOptions.Section).ValidateOnStart();
        services.AddSingleton<EnrollmentSeeds>();
        services.AddSingleton<EnrollmentAudit>();
        services.AddSingleton<EnrollmentCloser>();
        services.AddSingleton<SuccessAnnouncer>();
        services.AddSingleton<IOwedReply>(sp => sp.GetRequiredService<SuccessAnnouncer>());
        services.AddSingleton<EnrollmentCompletion>();
        services.AddSingleton<EnablingRecovery>();
        services.AddSingleton<StartEnrollment>();
        services.AddSingleton<ICommand>(sp => sp.GetRequiredService<StartEnrollment>());
        services.AddSingleton<ICardStep>(sp => sp.GetRequiredService<StartEnrollment>());
        services.AddSingleton<CodeSubmission>();
        services.AddSingleton<ICardStep, SubmitCodes>();
        services.AddSingleton<ITextFallback, CodesInChat>();
        services.AddSingleton<ICardStep, UsageStep>();
        services.AddSingleton<CancelEnrollment>();
        services.AddSingleton<ICommand>(sp => sp.GetRequiredService<CancelEnrollment>());
        services.AddSingleton<ICardStep>(sp => sp.GetRequiredService<CancelEnrollment>());
        services.AddSingleton<StatusCommand>();
        services.AddSingleton<ICommand>(sp => sp.GetRequiredService<StatusCommand>());
        services.AddSingleton<ICardStep>(sp => sp.GetRequiredService<StatusCommand>());
        services.AddSingleton<EnrollmentSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<EnrollmentSweeper>());
        return services;
    }
}
