using System.Text.Json.Nodes;
using MfaBot.Otp;
using MfaBot.LeakScan.Recording;

namespace MfaBot.Tests.Support;

/// <summary>Reads the QR code out of a card the way a phone would: the image decoded by zbarimg. Records the seed in the run ledger.</summary>
public static class QrDecoder
{
    public static async Task<OtpAuthUri> FromCardAsync(JsonObject card, string workFolder)
    {
        var url = FindImageUrls(card).Single(u => u.StartsWith("data:image/png;base64,", StringComparison.Ordinal));
        return await FromPngAsync(Convert.FromBase64String(url["data:image/png;base64,".Length..]), workFolder);
    }

    public static async Task<OtpAuthUri> FromPngAsync(byte[] png, string workFolder)
    {
        var file = Path.Combine(workFolder, $"qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, png);
        var result = await ExternalTool.RunAsync("zbarimg", ["--raw", "-q", file]);
        File.Delete(file);
        Assert.True(result.ExitCode == 0, "zbarimg could not read the QR code: " + result.StdErr);
        var uri = OtpAuthUri.Parse(result.StdOut.Trim());
        RunLedger.Seed(uri.Secret);
        return uri;
    }

    public static IEnumerable<string> FindImageUrls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"]?.GetValue<string>() == "Image" && obj["url"]?.GetValue<string>() is { } url) yield return url;
                foreach (var (_, child) in obj)
                    foreach (var u in FindImageUrls(child)) yield return u;
                break;
            case JsonArray array:
                foreach (var child in array)
                    foreach (var u in FindImageUrls(child)) yield return u;
                break;
        }
    }
}
