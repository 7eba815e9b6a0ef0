using MfaBot.Campaigns;
using MfaBot.Campaigns.Delivery;
using MfaBot.Campaigns.Delivery.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MfaBot.Tests.Campaigns;

public class PaceLedgerRegistrationTests
{
    [Theory]
    [InlineData("File", typeof(SlidingWindowLimiter), false)]
    [InlineData("Postgres", typeof(PostgresPaceLedger), true)]
    public void The_ledger_follows_the_storage_provider(string provider, Type expected, bool swept)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = provider }).Build();
        var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddSingleton(Options.Create(new CampaignOptions()));
        // Never opened: the ledger connects only when it reserves.
        services.AddSingleton(_ => NpgsqlDataSource.Create("Host=127.0.0.1"));

        using var provided = services.AddPaceLedger(configuration).BuildServiceProvider();

        Assert.IsType(expected, provided.GetRequiredService<IPaceLedger>());
        Assert.Equal(swept, services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PaceLaneJanitor)));
    }
}
