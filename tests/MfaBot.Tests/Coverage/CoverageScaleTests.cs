using System.Diagnostics;
using MfaBot.Cards;
using MfaBot.Coverage;
using MfaBot.Coverage.Chat;
using MfaBot.Coverage.Report;
using MfaBot.Resets;
using MfaBot.Tests.Cards;
using Xunit.Abstractions;

namespace MfaBot.Tests.Coverage;

/// <summary>An account of 50,000 users, read as a stream: the counts, the top 20 on the card, everyone in the CSV.</summary>
public sealed class CoverageScaleTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every 10th user has MFA, every 50th is a service user, every 1000th has a console password, every 7th an active key.</summary>
    private static async IAsyncEnumerable<CredentialRow> RowsAsync(int count)
    {
        yield return new CredentialRow(CredentialRow.RootUserName, "arn:aws:iam::123456789012:root", null, Start, null, null, true, null, null);
        for (var i = 0; i < count; i++)
        {
            var path = i % 50 == 0 ? "/service/" : "/people/";
            var key = new AccessKeyUse(i % 7 == 0, null, Start.AddMinutes(i), null, null);
            yield return new CredentialRow($"user{i:D5}", $"arn:aws:iam::123456789012:user{path}user{i:D5}", path, Start, i % 1000 == 1, null, i % 10 == 0, key, null);
        }
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Fifty_thousand_users_give_exact_counts_a_card_of_the_top_20_and_a_csv_of_everyone()
    {
        var watch = Stopwatch.StartNew();
        await using var inventory = new CredentialInventory(CredentialSource.CredentialReport, RowsAsync(50_000), () => Start);

        var result = await CoverageScan.ReadAsync(inventory, new CoverageOptions(), new ResetOptions(), CancellationToken.None);
        var view = new CoverageView(CoverageScope.Account, result, result.Unprotected, new Dictionary<string, UserTagInfo>(), [], 0);
        var message = CoverageCards.Card(view, "https://bot.example.com/coverage-exports/x.csv", null, null, Start);
        var csv = CoverageCsv.Write(view);
        output.WriteLine($"scan + card + CSV of 50,000 rows: {watch.ElapsedMilliseconds} ms");

        Assert.Equal(49_000, result.Humans); // 1,000 service users and the root left out
        Assert.Equal(1_000, result.ServiceUsers);
        Assert.Equal(4_000, result.WithMfa); // every 10th, less the multiples of 50 (service users)
        Assert.Equal(45_000, result.Unprotected.Count);
        // The 50 console passwords come first; among them those with an active key, the one unused longest first.
        Assert.Equal(["user01001", "user08001"], result.Unprotected.Take(2).Select(u => u.UserName));
        Assert.All(result.Unprotected.Take(50), u => Assert.True(u.ConsolePassword));
        Assert.True(result.Unprotected[50] is { ConsolePassword: false, ActiveAccessKey: true, UserName: "user00007" });

        var rows = message.Card!.Data["rows"]!.AsArray();
        Assert.Equal(20, rows.Count);
        Assert.Equal($"Riskiest first (20 of {result.Unprotected.Count})", message.Card.Data["listHeading"]!.ToString());
        Assert.Equal(result.Unprotected.Count + 2, csv.Split("\r\n").Length); // header, one line each, the final CRLF
        var card = new CardTemplates(RepoFiles.PathOf("cards")).Bind("teams", "coverage", message.Card.Data).ToJsonString();
        Assert.True(card.Length < 80_000, $"the Teams card is {card.Length} characters");
    }
}
