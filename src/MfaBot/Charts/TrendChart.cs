using System.Globalization;
using ScottPlot;

namespace MfaBot.Charts;

/// <summary>One day of a trend: how many people had MFA and how many had not.</summary>
public sealed record TrendPoint(DateOnly Day, int Enrolled, int Without);

/// <summary>
/// With MFA and without MFA per day over a fixed window ending today, and a horizontal target line. Days without a
/// reading are simply not drawn, so a fresh install shows its first point at the right edge.
/// </summary>
public static class TrendChart
{
    public static byte[] Render(string title, IReadOnlyList<TrendPoint> points, DateOnly first, DateOnly last, double? target, string? targetLabel)
    {
        var plot = ChartStyle.NewPlot(title);
        var xs = points.Select(p => X(p.Day)).ToArray();
        Series(plot, xs, [.. points.Select(p => (double)p.Enrolled)], "With MFA", ChartStyle.Enrolled, LinePattern.Solid, MarkerShape.FilledCircle);
        Series(plot, xs, [.. points.Select(p => (double)p.Without)], "Without MFA", ChartStyle.Without, LinePattern.Dashed, MarkerShape.FilledSquare);
        if (target is { } goal)
        {
            var line = plot.Add.HorizontalLine(goal, 3, ChartStyle.Target, LinePattern.Dotted);
            line.LegendText = targetLabel ?? "Target";
        }
        var axis = plot.Axes.DateTimeTicksBottom();
        if (axis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
            ticks.LabelFormatter = d => d.ToString("MMM d", CultureInfo.InvariantCulture);
        var top = Math.Max(target ?? 0, points.Count == 0 ? 1 : points.Max(p => Math.Max(p.Enrolled, p.Without)));
        plot.Axes.SetLimits(X(first) - 0.5, X(last) + 0.5, 0, Math.Max(1, top * 1.1));
        plot.Axes.Left.Label.Text = "People";
        return ChartStyle.Png(plot);
    }

    private static void Series(Plot plot, double[] xs, double[] ys, string label, Color color, LinePattern pattern, MarkerShape marker)
    {
        var s = plot.Add.Scatter(xs, ys, color);
        s.LegendText = label;
        s.LineWidth = 4;
        s.LinePattern = pattern;
        s.MarkerShape = marker;
        s.MarkerSize = 9;
    }

    private static double X(DateOnly day) => day.ToDateTime(TimeOnly.MinValue).ToOADate();
}
