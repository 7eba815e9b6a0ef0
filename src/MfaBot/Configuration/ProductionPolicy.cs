using MfaBot.Hosting;
using MfaBot.Iam;

namespace MfaBot.Configuration;

/// <summary>
/// What only the Development demo may do. Outside Development (Production is ASP.NET Core's default, and what the
/// container and a bare `dotnet MfaBot.dll` get) each of these is refused with one line naming the setting.
/// </summary>
public static class ProductionPolicy
{
    public static IEnumerable<string> Problems(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment()) yield break;
        var where = $"outside Development (ASPNETCORE_ENVIRONMENT is {environment.EnvironmentName})";

        if (IsTrue(configuration, EmbeddedIam.Setting))
            yield return $"{EmbeddedIam.Setting} is true, but the embedded IAM simulator is a Development demo and is refused {where}: set it to false and let Iam reach real IAM.";
        if (configuration["Iam:AccessKeyId"] == EmbeddedIam.DevelopmentAccessKeyId || configuration["Iam:SecretAccessKey"] == EmbeddedIam.DevelopmentSecretAccessKey)
            yield return $"Iam:AccessKeyId/Iam:SecretAccessKey hold the simulator's published development key pair, refused {where}: remove both to use the AWS default credential chain (role, SSO, environment).";
        // Without AllowInsecureHttp the Iam validator already refuses this, everywhere.
        if (IsTrue(configuration, "Iam:AllowInsecureHttp") && Uri.TryCreate(configuration["Iam:ServiceUrl"], UriKind.Absolute, out var iam)
            && iam.Scheme == Uri.UriSchemeHttp && !IamOptionsValidator.IsLoopback(iam))
            yield return $"Iam:AllowInsecureHttp lets Iam:ServiceUrl '{iam}' use plain http to a non-loopback host, refused {where} (IAM's replies carry MFA seeds): use https.";

        var slackOnly = Has(configuration, "Slack:SigningSecret") && Has(configuration, "Slack:BotToken");
        if (!Has(configuration, "BotFramework:MicrosoftAppId") && !slackOnly)
            yield return $"BotFramework:MicrosoftAppId is empty: {where} every Teams call must carry a Bot Framework token; set BotFramework:MicrosoftAppId with BotFramework:MicrosoftAppPassword (or a certificate or managed identity), or Slack:SigningSecret and Slack:BotToken for a Slack-only deployment.";

        if (!Has(configuration, "Secrets:KmsKeyId") && !configuration.GetSection("Secrets:Keys").GetChildren().Any())
            yield return $"Secrets:KmsKeyId and Secrets:Keys are both empty, so seeds would be protected by a key ring stored unencrypted in the data folder, refused {where}: set Secrets:KmsKeyId (AWS KMS) or Secrets:Keys with Secrets:ActiveKeyId.";
    }

    // Runs beside the type check, so a value that is not a boolean is that check's line, never an exception here.
    private static bool IsTrue(IConfiguration configuration, string key) => bool.TryParse(configuration[key], out var on) && on;

    private static bool Has(IConfiguration configuration, string key) => !string.IsNullOrWhiteSpace(configuration[key]);
}
