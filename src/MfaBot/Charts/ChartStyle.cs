using ScottPlot;

namespace MfaBot.Charts;

/// <summary>
/// What every chart shares: a size that fits a Teams card (at most 1024 px wide), type large enough to read at half
/// size (the smallest, 24 px, is 12 px there), and the Okabe–Ito colour-blind-safe colours, each series also told apart
/// by its line pattern or marker and named in a legend, so no meaning rests on colour alone.
/// </summary>
public static class ChartStyle
{
    public const int Width = 960;
    public const int Height = 540;

    public const float TitleSize = 32;
    public const float TextSize = 24;

    /// <summary>Okabe–Ito blue, vermillion and black.</summary>
    public static Color Enrolled { get; } = Color.FromHex("#0072B2");
    public static Color Without { get; } = Color.FromHex("#D55E00");
    public static Color Target { get; } = Color.FromHex("#000000");

    public static Plot NewPlot(string title)
    {
        ChartFonts.Register();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Name);
        plot.Title(title, TitleSize);
        plot.Axes.Title.Label.FontName = ChartFonts.Name;
        plot.Legend.FontSize = TextSize;
        plot.Legend.FontName = ChartFonts.Name;
        plot.Legend.SetBestFontOnEachRender = false;
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>The PNG; axis type is sized here, after the charts have replaced any axis (dates, names).</summary>
    public static byte[] Png(Plot plot, int height = Height)
    {
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.TickLabelStyle.FontSize = TextSize;
            axis.TickLabelStyle.FontName = ChartFonts.Name;
            axis.Label.FontSize = TextSize;
            axis.Label.FontName = ChartFonts.Name;
        }
        return plot.GetImageBytes(Width, height, ImageFormat.Png);
    }
}
