using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Globalization;
using MfaBot.Conversation;

namespace MfaBot.Charts;

/// <summary>Charts as a card's image: the PNG (rendered once per content, <see cref="ChartCache"/>) and its alt text.</summary>
public sealed class ChartImages(ChartCache cache)
{
    /// <param name="what">What the trend is, for the alt text: "Coverage over 90 days".</param>
    /// <param name="target">The target line's height in people, with its legend text ("Target 100% (500)").</param>
    public OutboundImage Trend(string title, string what, IReadOnlyList<TrendPoint> points, DateOnly first, DateOnly last, (double People, string Label)? target)
    {
        var content = FormattableString.Invariant($"trend|{title}|{first}|{last}|{target}|{string.Join(';', points)}");
        var png = cache.GetOrRender(content, () => TrendChart.Render(title, points, first, last, target?.People, target?.Label));
        return new OutboundImage(png, ChartWords.Trend(what, points, target?.Label), IsChart: true);
    }

    public OutboundImage Teams(string title, IReadOnlyList<TeamBar> teams)
    {
        var content = string.Create(CultureInfo.InvariantCulture, $"teams|{title}|{string.Join(';', teams)}");
        return new OutboundImage(cache.GetOrRender(content, () => TeamBarChart.Render(title, teams)), ChartWords.Teams(title, teams), IsChart: true);
    }
}

public static class ChartServiceCollectionExtensions
{
    /// <summary>The chart images and their cache (any feature that draws charts calls this; the first one registers).</summary>
    public static IServiceCollection AddCharts(this IServiceCollection services)
    {
        services.TryAddSingleton<ChartCache>();
        services.TryAddSingleton<ChartImages>();
        return services;
    }
}
