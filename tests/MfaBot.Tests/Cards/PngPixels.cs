using System.Buffers.Binary;
using System.IO.Compression;

namespace MfaBot.Tests.Cards;

/// <summary>Just enough PNG decoding to check the app icons and charts: 8-bit RGB/RGBA, not interlaced, all five row filters.</summary>
public sealed record PngPixels(int Width, int Height, int ColorType, byte[] Rgba)
{
    public static PngPixels Read(string path) => Decode(File.ReadAllBytes(path));

    public static PngPixels Decode(byte[] bytes)
    {
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, bytes[..8]);
        int width = 0, height = 0, colorType = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            var body = bytes.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                (width, height, colorType) = (BinaryPrimitives.ReadInt32BigEndian(body), BinaryPrimitives.ReadInt32BigEndian(body[4..]), body[9]);
                Assert.True(body[8] == 8 && body[12] == 0, "only 8-bit, non-interlaced PNGs are read here");
            }
            if (type == "IDAT") idat.Write(body);
            at += 12 + length;
        }
        var channels = colorType switch { 6 => 4, 2 => 3, _ => throw new NotSupportedException($"PNG colour type {colorType}") };
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(inflated);
        return new PngPixels(width, height, colorType, ToRgba(Unfilter(inflated.ToArray(), width * channels, height, channels), channels));
    }

    public (byte R, byte G, byte B, byte A) At(int x, int y)
    {
        var i = (y * Width + x) * 4;
        return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
    }

    private static byte[] Unfilter(byte[] data, int stride, int height, int bpp)
    {
        var result = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                int raw = data[(y * (stride + 1)) + 1 + x];
                int a = x >= bpp ? result[(y * stride) + x - bpp] : 0;
                int b = y > 0 ? result[((y - 1) * stride) + x] : 0;
                int c = x >= bpp && y > 0 ? result[((y - 1) * stride) + x - bpp] : 0;
                result[(y * stride) + x] = (byte)(raw + filter switch
                {
                    0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, 4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                });
            }
        }
        return result;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] ToRgba(byte[] pixels, int channels) => channels == 4 ? pixels
        : [.. pixels.Chunk(3).SelectMany(p => new[] { p[0], p[1], p[2], (byte)255 })];
}
