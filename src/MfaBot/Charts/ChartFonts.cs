using ScottPlot;
using SkiaSharp;

namespace MfaBot.Charts;

/// <summary>
/// The charts' one typeface, DejaVu Sans, embedded in the assembly (Fonts/LICENSE.txt). The Linux Skia library the
/// bot ships is the one without fontconfig, and a slim container has no fonts at all; a bundled face makes every
/// chart's text render, and render the same on every machine.
/// </summary>
public static class ChartFonts
{
    public const string Name = "MfaBot Chart Sans";

    private static readonly Lazy<SKTypeface> Regular = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> Bold = new(() => Load("DejaVuSans-Bold.ttf"));
    private static int _registered;

    /// <summary>Registers the embedded face with ScottPlot once per process.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        Fonts.FontResolvers.Insert(0, new EmbeddedResolver());
        Fonts.Default = Name;
    }

    private static SKTypeface Load(string file)
    {
        using var stream = typeof(ChartFonts).Assembly.GetManifestResourceStream("MfaBot.Charts.Fonts." + file)
            ?? throw new InvalidOperationException($"The chart font {file} is not embedded.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"The chart font {file} could not be read.");
    }

    private sealed class EmbeddedResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Name ? (bold ? Bold : Regular).Value : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);
    }
}
