using QRCoder;

namespace MfaBot.Qr;

/// <summary>Renders text (an otpauth URI) as a QR code PNG that phone cameras read at chat-card size.</summary>
public static class QrCodeImage
{
    /// <summary>
    /// 4 pixels a module: an enrollment URI (version 6–8, 49–57 modules with the quiet zone) is 196–228 px, about the
    /// 200 px the Teams card shows it at, and each turn draws and deflates less than half the pixels it would at 6.
    /// </summary>
    public static byte[] Png(string text, int pixelsPerModule = 4)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
