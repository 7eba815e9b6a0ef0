using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MfaBot.Hosting;

/// <summary>
/// The Development console's greeting, printed once the server listens: where the bot is, how to chat with it in the
/// Microsoft 365 Agents Playground, who the demo people are and how to look at the simulated IAM with the AWS CLI.
/// </summary>
public sealed class DevelopmentWelcome(IServer server, IHostApplicationLifetime lifetime, IConfiguration configuration) : IHostedService
{
    /// <summary>The playground version the end-to-end tests run (tests/MfaBot.EndToEnd/tool/package.json).</summary>
    public const string PlaygroundPackage = "@microsoft/m365agentsplayground@0.2.28";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => Console.Out.Write(Text()));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal string Text()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var bot = (addresses.FirstOrDefault() ?? "http://localhost:3978").TrimEnd('/');
        var iam = EmbeddedIam.IsEnabled(configuration)
            ? $"""
                  IAM:    AWS_ACCESS_KEY_ID={EmbeddedIam.DevelopmentAccessKeyId} AWS_SECRET_ACCESS_KEY={EmbeddedIam.DevelopmentSecretAccessKey} AWS_DEFAULT_REGION=us-east-1 \
                          aws iam list-virtual-mfa-devices --endpoint-url {configuration["Iam:ServiceUrl"]}
                """
            : $"  IAM:    {configuration["Iam:ServiceUrl"] ?? "the AWS default endpoint"} (the embedded simulator is off)";
        return $"""

            MfaBot Development demo: listening on {string.Join(", ", addresses)}
              Chat:   npx -y {PlaygroundPackage} -e {bot}/api/messages   (then open the address it prints)
              People: alexw@example.com (the playground's default user, to enroll), meganb@example.com (manager and helpdesk),
                      lynner@example.com, admin@example.com (privileged: a reset needs two helpdesk approvals)
            {iam}
              Demo only: embedded IAM simulator, published keys, no Bot Framework token check. See README "Production".

            """.Replace("\n", Environment.NewLine, StringComparison.Ordinal);
    }
}
