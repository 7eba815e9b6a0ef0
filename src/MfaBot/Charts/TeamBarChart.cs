using System.Globalization;
using ScottPlot;

namespace MfaBot.Charts;

/// <summary>One team's bar pair: its manager (or a placeholder) and how many of its people have MFA and have not.</summary>
public sealed record TeamBar(string Team, int Enrolled, int Without);

/// <summary>
/// Horizontal bar pairs per team, the most people without MFA on top; each bar carries its number, so the chart reads
/// without the colours. At most <see cref="MaxTeams"/> teams, so the names stay legible.
/// </summary>
public static class TeamBarChart
{
    public const int MaxTeams = 10;
    private const int MaxName = 26;

    public static byte[] Render(string title, IReadOnlyList<TeamBar> teams)
    {
        var plot = ChartStyle.NewPlot(title);
        var shown = teams.Take(MaxTeams).ToList();
        var n = shown.Count;
        Bars(plot, shown, t => t.Enrolled, +0.2, "With MFA", ChartStyle.Enrolled);
        Bars(plot, shown, t => t.Without, -0.2, "Without MFA", ChartStyle.Without);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, n).Select(i => (double)(n - 1 - i))], [.. shown.Select(t => Short(t.Team))]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        var most = shown.Count == 0 ? 1 : shown.Max(t => Math.Max(t.Enrolled, t.Without));
        plot.Axes.SetLimits(0, Math.Max(1, most * 1.15), -0.6, Math.Max(0.6, n - 0.4));
        plot.Axes.Bottom.Label.Text = "People";
        plot.HideGrid();
        return ChartStyle.Png(plot, Height(n));
    }

    /// <summary>Room for the title, axis and legend, and 56 px per team, within Teams' card width-to-height taste.</summary>
    public static int Height(int teams) => Math.Clamp(220 + 56 * Math.Min(teams, MaxTeams), 360, 780);

    private static void Bars(Plot plot, List<TeamBar> teams, Func<TeamBar, int> value, double offset, string label, Color color)
    {
        var bars = teams.Select((t, i) => new Bar
        {
            Position = teams.Count - 1 - i + offset,
            Value = value(t),
            Size = 0.38,
            FillColor = color,
            Label = value(t).ToString(CultureInfo.InvariantCulture),
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.LegendText = label;
        plottable.ValueLabelStyle.FontSize = ChartStyle.TextSize;
        plottable.ValueLabelStyle.FontName = ChartFonts.Name;
    }

    private static string Short(string name) => name.Length <= MaxName ? name : name[..(MaxName - 1)] + "…";
}
