namespace MfaBot.Channels.Inbound;

/// <summary>Reads a downloaded file (an attachment a person shared) into memory, refusing more than a limit.</summary>
internal static class BoundedContent
{
    /// <exception cref="InvalidDataException">The content is larger than <paramref name="maxBytes"/>.</exception>
    public static async Task<byte[]> ReadAsync(HttpContent content, long maxBytes, CancellationToken ct)
    {
        if (content.Headers.ContentLength > maxBytes) throw new InvalidDataException($"The file is larger than {maxBytes} bytes.");
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw new InvalidDataException($"The file is larger than {maxBytes} bytes.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
