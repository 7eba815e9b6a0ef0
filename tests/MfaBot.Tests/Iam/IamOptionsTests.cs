using MfaBot.Iam;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Tests.Iam;

public sealed class IamOptionsTests
{
    [Theory]
    [InlineData("aws", "https://iam.amazonaws.com/", "us-east-1")]
    [InlineData("aws-cn", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("aws-us-gov", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1")]
    public void Each_partition_has_its_endpoint_and_signing_region(string partition, string url, string region)
    {
        var endpoint = IamPartitions.Resolve(new IamOptions { Partition = partition });

        Assert.Equal(new IamEndpoint(new Uri(url), region), endpoint);
    }

    [Fact]
    public void An_explicit_service_url_overrides_the_partition_and_keeps_its_region_unless_given()
    {
        var url = new Uri("http://127.0.0.1:3978/_iam/");

        Assert.Equal(new IamEndpoint(url, "us-east-1"), IamPartitions.Resolve(new IamOptions { ServiceUrl = url }));
        Assert.Equal(new IamEndpoint(url, "eu-west-1"), IamPartitions.Resolve(new IamOptions { ServiceUrl = url, SigningRegion = "eu-west-1" }));
    }

    [Fact]
    public async Task Defaults_start_cleanly()
    {
        using var host = Build([]);
        await host.StartAsync();
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Partition", "aws-mars", "Iam:Partition 'aws-mars' is unknown")]
    [InlineData("ServiceUrl", "ftp://example.com/", "Iam:ServiceUrl 'ftp://example.com/' must be an absolute http or https URL")]
    [InlineData("ServiceUrl", "http://iam.example.com/", "Iam:ServiceUrl 'http://iam.example.com/' uses plain http to a non-loopback host")]
    [InlineData("SigningRegion", "US EAST", "Iam:SigningRegion 'US EAST' is not a region name")]
    [InlineData("AccessKeyId", "AKIAONLYKEY", "Iam:AccessKeyId and Iam:SecretAccessKey must be set together")]
    [InlineData("MaxAttempts", "0", "Iam:MaxAttempts is 0; it must be between 1 and 10")]
    [InlineData("PageSize", "5000", "Iam:PageSize is 5000; it must be between 1 and 1000")]
    [InlineData("RequestTimeout", "00:00:00", "Iam:RequestTimeout is 00:00:00; it must be between")]
    [InlineData("MaxTotalRetryDelay", "-00:00:01", "Iam:MaxTotalRetryDelay is -00:00:01; it must be between")]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_it(string setting, string value, string expected)
    {
        using var host = Build(new() { ["Iam:" + setting] = value });

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(e.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
        Assert.Single(e.Failures);
    }

    [Fact]
    public async Task Plain_http_to_loopback_or_with_the_explicit_opt_in_is_accepted()
    {
        using var loopback = Build(new() { ["Iam:ServiceUrl"] = "http://127.0.0.1:4599/" });
        using var optIn = Build(new() { ["Iam:ServiceUrl"] = "http://iam-sim:4599/", ["Iam:AllowInsecureHttp"] = "true" });

        await loopback.StartAsync();
        await optIn.StartAsync();
        await loopback.StopAsync();
        await optIn.StopAsync();
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddIamGateway(builder.Configuration.GetSection(IamOptions.Section));
        return builder.Build();
    }
}
