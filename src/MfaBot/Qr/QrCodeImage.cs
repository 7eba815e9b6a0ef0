using QRCoder;

namespace MfaBot.Qr;

/// <summary>Renders text (an otpauth URI) as a QR code PNG that phone cameras read at chat-card size.</summary>
public static class QrCodeImage
{
    public static byte[] Png(string text, int pixelsPerModule = 6)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
