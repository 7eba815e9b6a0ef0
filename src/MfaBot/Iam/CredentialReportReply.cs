using System.Globalization;
using System.Runtime.InteropServices;
using System.Xml;

namespace MfaBot.Iam;

/// <summary>
/// Reads a GetCredentialReport reply as a stream of CSV bytes: the XML is walked asynchronously up to &lt;Content&gt;,
/// whose Base64 is decoded chunk by chunk as the caller reads; ReportFormat and GeneratedTime are picked up on the way
/// (before or after the content, whichever IAM sends). Owns the HTTP response.
/// </summary>
internal sealed class CredentialReportReply : Stream
{
    private static readonly XmlReaderSettings Settings = new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    private readonly HttpResponseMessage _response;
    private readonly XmlReader _xml;
    private byte[] _scratch = [];
    private bool _contentDone;

    private CredentialReportReply(HttpResponseMessage response, XmlReader xml)
    {
        _response = response;
        _xml = xml;
    }

    public string? ReportFormat { get; private set; }

    public DateTimeOffset? GeneratedTime { get; private set; }

    /// <summary>Positions on &lt;Content&gt;; the content's owner disposes the response from then on.</summary>
    public static async Task<CredentialReportContent> OpenAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var reply = new CredentialReportReply(response, XmlReader.Create(body, Settings));
        try
        {
            if (!await reply.ScanAsync(stopAtContent: true)) throw new XmlException("GetCredentialReportResult has no Content.");
            return new CredentialReportContent(reply);
        }
        catch
        {
            await reply.DisposeAsync();
            throw;
        }
    }

    /// <summary>Walks the elements in document order, keeping the report's fields; true when stopped on &lt;Content&gt;.</summary>
    private async Task<bool> ScanAsync(bool stopAtContent)
    {
        var moved = true;
        while (!_xml.EOF)
        {
            if (!moved && !await _xml.ReadAsync()) break;
            moved = false;
            if (_xml.NodeType != XmlNodeType.Element) continue;
            switch (_xml.LocalName)
            {
                case "Content" when stopAtContent: return true;
                case "ReportFormat": ReportFormat = await _xml.ReadElementContentAsStringAsync(); moved = true; break;
                case "GeneratedTime":
                    GeneratedTime = DateTimeOffset.Parse(await _xml.ReadElementContentAsStringAsync(), CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal);
                    moved = true;
                    break;
            }
        }
        return false;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_contentDone || buffer.Length == 0) return 0;
        cancellationToken.ThrowIfCancellationRequested();
        int read;
        if (MemoryMarshal.TryGetArray<byte>(buffer, out var segment))
        {
            read = await _xml.ReadElementContentAsBase64Async(segment.Array!, segment.Offset, segment.Count);
        }
        else
        {
            if (_scratch.Length < buffer.Length) _scratch = new byte[buffer.Length];
            read = await _xml.ReadElementContentAsBase64Async(_scratch, 0, buffer.Length);
            _scratch.AsMemory(0, read).CopyTo(buffer);
        }
        if (read == 0)
        {
            _contentDone = true;
            await ScanAsync(stopAtContent: false);
        }
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _xml.Dispose();
            _response.Dispose();
        }
        base.Dispose(disposing);
    }
}
