using QRCoder;

namespace MfaBot.IamSimulator.Totp;

/// <summary>The bootstrap data AWS returns for a new virtual MFA device.</summary>
internal static class QrImage
{
    /// <summary>AWS's documented URI: otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String.</summary>
    public static string OtpAuthUri(string deviceName, string accountName, string base32Seed) =>
        $"otpauth://totp/{Uri.EscapeDataString(deviceName)}@{Uri.EscapeDataString(accountName)}?secret={base32Seed}";

    public static byte[] Png(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(6);
    }
}
