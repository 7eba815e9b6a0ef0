namespace MfaBot.Hosting;

/// <summary>
/// The default run without an AWS account: the IAM simulator is mounted on the bot's own server and the bot
/// reaches it over HTTP through the same SigV4 client it uses against real IAM.
/// </summary>
public static class EmbeddedIam
{
    public const string PathPrefix = "/_iam";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue("IamSimulator:Embedded", false);

    /// <summary>Unless Iam:ServiceUrl is set, derives it from the first URL the server listens on (Urls / --urls).</summary>
    public static void PointClientAtSelf(IConfigurationManager configuration)
    {
        if (!string.IsNullOrEmpty(configuration["Iam:ServiceUrl"])) return;
        var first = (configuration["Urls"] ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries)[0];
        var url = new UriBuilder(first.Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)) { Path = PathPrefix + "/" };
        configuration["Iam:ServiceUrl"] = url.Uri.ToString();
    }
}
