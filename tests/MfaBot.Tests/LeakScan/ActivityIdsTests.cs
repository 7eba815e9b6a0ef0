using System.Text.RegularExpressions;
using MfaBot.LoadTest.Channel;

namespace MfaBot.Tests.LeakScan;

/// <summary>The test connectors' activity ids never look like a typed code to the secret scans.</summary>
public sealed class ActivityIdsTests
{
    [Fact]
    public void Ids_are_distinct_and_hold_no_digit_however_many_are_handed_out()
    {
        long counter = 0;
        var ids = Enumerable.Range(0, 200_000).Select(_ => ActivityIds.Next(ref counter)).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(ids, id => Regex.IsMatch(id, "[0-9]"));
        Assert.All(ids, id => Assert.StartsWith("act-", id, StringComparison.Ordinal));
    }
}
