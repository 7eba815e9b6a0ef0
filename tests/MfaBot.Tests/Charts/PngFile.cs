using MfaBot.Tests.Cards;
using SkiaSharp;

namespace MfaBot.Tests.Charts;

/// <summary>A PNG as a client reads it: the signature, then decoded to pixels.</summary>
public static class PngFile
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Asserts <paramref name="png"/> is a PNG that decodes, with the tests' own decoder rather than the library that
    /// wrote it, and fits a Teams card; returns its size.
    /// </summary>
    public static (int Width, int Height) AssertChart(byte[] png)
    {
        Assert.True(png.AsSpan().StartsWith(Signature), "not a PNG signature");
        var pixels = PngPixels.Decode(png);
        Assert.Equal(pixels.Width * pixels.Height * 4, pixels.Rgba.Length);
        Assert.InRange(pixels.Width, 600, 1024);
        Assert.InRange(pixels.Height, 300, 800);
        return (pixels.Width, pixels.Height);
    }

    /// <summary>Asserts both series were drawn: the with-MFA and without-MFA colours are in the picture.</summary>
    public static void AssertBothSeries(byte[] png)
    {
        var colours = Colours(png);
        Assert.Contains(Argb(MfaBot.Charts.ChartStyle.Enrolled), colours);
        Assert.Contains(Argb(MfaBot.Charts.ChartStyle.Without), colours);
    }

    /// <summary>The share of pixels that differ between two pictures of the same size.</summary>
    public static double DifferentPixels(byte[] a, byte[] b)
    {
        using var x = SKBitmap.Decode(a);
        using var y = SKBitmap.Decode(b);
        var differ = 0;
        for (var row = 0; row < x.Height; row++)
            for (var col = 0; col < x.Width; col++)
                if (x.GetPixel(col, row) != y.GetPixel(col, row)) differ++;
        return (double)differ / (x.Width * x.Height);
    }

    private static uint Argb(ScottPlot.Color c) => (uint)((c.A << 24) | (c.R << 16) | (c.G << 8) | c.B);

    private static HashSet<uint> Colours(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        var seen = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
                seen.Add((uint)bitmap.GetPixel(x, y));
        return seen;
    }
}
