using System.Globalization;
using System.Net;
using System.Text;

namespace MfaBot.LoadTest.Report;

/// <summary>One line; <paramref name="Dash"/> is an SVG stroke-dasharray ("6 4"), null for a solid line.</summary>
public sealed record Series(string Name, string Color, IReadOnlyList<double> Values, string? Dash = null);

/// <summary>A small line-chart writer: categorical x axis, linear or log10 y axis, a legend on the right.</summary>
public static class SvgChart
{
    private const int Width = 840, Height = 420, Left = 70, Right = 260, Top = 44, Bottom = 56;

    public static string Lines(string title, string xTitle, string yTitle, IReadOnlyList<string> xLabels, IReadOnlyList<Series> series, bool logY)
    {
        var values = series.SelectMany(s => s.Values).Where(v => v > 0 && double.IsFinite(v)).DefaultIfEmpty(1).ToArray();
        var (low, high) = logY
            ? (Math.Pow(10, Math.Floor(Math.Log10(values.Min()))), Math.Pow(10, Math.Ceiling(Math.Log10(values.Max()))))
            : (0, NiceCeiling(values.Max()));
        double Y(double v) => Top + ((Height - Top - Bottom) * (1 - (logY ? Math.Log10(v / low) / Math.Log10(high / low) : (v - low) / (high - low))));
        double X(int i) => Left + ((Width - Left - Right) * (xLabels.Count == 1 ? 0.5 : (double)i / (xLabels.Count - 1)));

        var svg = new StringBuilder();
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Inv($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(Inv($"<text x=\"{Width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{E(title)}</text>\n"));
        foreach (var tick in Ticks(low, high, logY))
        {
            svg.Append(Inv($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(tick):F1}\" y2=\"{Y(tick):F1}\" stroke=\"#ddd\"/>"));
            svg.Append(Inv($"<text x=\"{Left - 6}\" y=\"{Y(tick) + 4:F1}\" text-anchor=\"end\">{Format(tick)}</text>\n"));
        }
        for (var i = 0; i < xLabels.Count; i++)
            svg.Append(Inv($"<text x=\"{X(i):F1}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{E(xLabels[i])}</text>\n"));
        svg.Append(Inv($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/><line x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>\n"));
        svg.Append(Inv($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 14}\" text-anchor=\"middle\">{E(xTitle)}</text>\n"));
        svg.Append(Inv($"<text transform=\"translate(18 {(Top + Height - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">{E(yTitle)}{(logY ? " (log scale)" : "")}</text>\n"));

        for (var s = 0; s < series.Count; s++)
        {
            var line = series[s];
            var dash = line.Dash is { } pattern ? $" stroke-dasharray=\"{pattern}\"" : "";
            var points = line.Values.Select((v, i) => (v, i)).Where(p => p.v > 0 && double.IsFinite(p.v)).Select(p => Inv($"{X(p.i):F1},{Y(p.v):F1}")).ToList();
            svg.Append(Inv($"<polyline fill=\"none\" stroke=\"{line.Color}\" stroke-width=\"2\"{dash} points=\"{string.Join(' ', points)}\"/>\n"));
            foreach (var p in points) svg.Append(Inv($"<circle cx=\"{p.Split(',')[0]}\" cy=\"{p.Split(',')[1]}\" r=\"3\" fill=\"{line.Color}\"/>"));
            var legendY = Top + 10 + (s * 20);
            svg.Append(Inv($"\n<line x1=\"{Width - Right + 14}\" x2=\"{Width - Right + 40}\" y1=\"{legendY}\" y2=\"{legendY}\" stroke=\"{line.Color}\" stroke-width=\"2\"{dash}/>"));
            svg.Append(Inv($"<text x=\"{Width - Right + 46}\" y=\"{legendY + 4}\">{E(line.Name)}</text>\n"));
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static IEnumerable<double> Ticks(double low, double high, bool logY)
    {
        if (logY)
        {
            for (var t = low; t <= high * 1.0001; t *= 10) yield return t;
            yield break;
        }
        for (var i = 0; i <= 5; i++) yield return low + ((high - low) * i / 5);
    }

    private static double NiceCeiling(double v)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(v)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(n => n >= v);
    }

    private static string Format(double v) => v >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
