using MfaBot.Channels.BotFramework;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MfaBot.Tests.BotFramework;

public sealed class BotFrameworkOptionsTests
{
    private static BotFrameworkOptions Load(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddBotFramework(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;
    }

    [Fact]
    public void Defaults_need_no_settings()
    {
        var options = Load([]);
        Assert.False(options.HasAppId);
        Assert.Equal("https://login.botframework.com/v1/.well-known/openidconfiguration", options.OpenIdMetadataUrl);
    }

    [Theory]
    [InlineData("SingleTenant", "secret", "", "", "BotFramework:MicrosoftAppTenantId is required")]
    [InlineData("MultiTenant", "", "", "", "needs exactly one of")]
    [InlineData("MultiTenant", "secret", "ABCDEF", "", "needs exactly one of")]
    [InlineData("UserAssignedMSI", "secret", "", "", "takes no password or certificate")]
    [InlineData("MultiTenant", "", "", "/nonexistent/bot.pem", "BotFramework:CertificatePath")]
    [InlineData("MultiTenant", "secret", "", "", "BotFramework:OpenIdMetadataUrl must be")]
    public void Bad_settings_fail_naming_the_setting(string appType, string password, string thumbprint, string path, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BotFramework:MicrosoftAppId"] = "app",
            ["BotFramework:MicrosoftAppType"] = appType,
            ["BotFramework:MicrosoftAppPassword"] = password,
            ["BotFramework:CertificateThumbprint"] = thumbprint,
            ["BotFramework:CertificatePath"] = path,
        };
        if (expected.Contains("OpenIdMetadataUrl", StringComparison.Ordinal)) settings["BotFramework:OpenIdMetadataUrl"] = "http://metadata.example.com/x";

        var ex = Assert.Throws<OptionsValidationException>(() => Load(settings));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credential_without_app_id_is_refused()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Load(new() { ["BotFramework:MicrosoftAppPassword"] = "secret" }));
        Assert.Contains("BotFramework:MicrosoftAppId is empty", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_single_tenant_settings_pass()
    {
        var options = Load(new()
        {
            ["BotFramework:MicrosoftAppId"] = "app",
            ["BotFramework:MicrosoftAppType"] = "SingleTenant",
            ["BotFramework:MicrosoftAppTenantId"] = "contoso.onmicrosoft.com",
            ["BotFramework:MicrosoftAppPassword"] = "secret",
        });
        Assert.Equal(MicrosoftAppType.SingleTenant, options.MicrosoftAppType);
    }
}
