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

    /// <summary>Where reset requests go: the demo configures the playground's channel (its team id is its General channel's).</summary>
    private string Helpdesk() => configuration["Resets:HelpdeskConversation"] is { Length: > 0 } id
        ? $"requests are posted to conversation '{id}'{(id == PlaygroundChannel ? " (the playground's My Team > General)" : "")}"
        : "none configured: a helpdesk member types \"register helpdesk\" where requests should go";

    /// <summary>The playground's built-in team; a team's General channel has the team's id as its conversation id.</summary>
    public const string PlaygroundChannel = "team-id";

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
              People: Alex Wilber, alexw@example.com: the playground's default user; enroll, then "reset" for a lost phone
                      Megan Bowen, meganb@example.com: helpdesk and manager (Alex's); approves resets, "invite"
                      Lynne Robbins, lynner@example.com: helpdesk, the second approver for admin@example.com (privileged)
              Helpdesk: {Helpdesk()}
              Switch: user with a .m365agentsplayground.yml (currentUser), conversation in the playground's left pane; see docs/DEMO-ROLES.md
            {iam}
              Demo only: embedded IAM simulator, published keys, no Bot Framework token check. See README "Production".

            """.Replace("\n", Environment.NewLine, StringComparison.Ordinal);
    }
}
