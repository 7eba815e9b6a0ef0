using System.Globalization;
using System.Xml;

namespace MfaBot.Iam;

/// <summary>Reads the content of an operation's &lt;…Result&gt; element; the reader sits on its start tag.</summary>
internal delegate T IamResultReader<out T>(XmlReader reader);

/// <summary>IAM's error envelope.</summary>
internal sealed record IamErrorReply(string Code, string Message, string? RequestId);

/// <summary>
/// Forward-only walking of IAM's XML replies. Elements are matched by local name; every handler consumes the
/// element it is on (read its content or Skip), which is what <see cref="NextChild"/> relies on.
/// </summary>
internal static class IamXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <summary>Reads a success envelope: the result (default when the operation has none) and the request id.</summary>
    public static (T? Result, string? RequestId) ReadResult<T>(Stream body, IamResultReader<T>? resultReader)
    {
        using var r = XmlReader.Create(body, Settings);
        r.MoveToContent();
        T? result = default;
        string? requestId = null;
        var depth = Enter(r);
        while (NextChild(r, depth))
        {
            if (resultReader is not null && r.LocalName.EndsWith("Result", StringComparison.Ordinal)) result = resultReader(r);
            else if (r.LocalName == "ResponseMetadata") requestId = ReadRequestId(r);
            else r.Skip();
        }
        return (result, requestId);
    }

    /// <summary>Reads &lt;ErrorResponse&gt;; null when the body is not one.</summary>
    public static IamErrorReply? ReadError(Stream body)
    {
        try
        {
            using var r = XmlReader.Create(body, Settings);
            if (r.MoveToContent() != XmlNodeType.Element || r.LocalName != "ErrorResponse") return null;
            string? code = null, message = null, requestId = null;
            var depth = Enter(r);
            while (NextChild(r, depth))
            {
                if (r.LocalName == "RequestId") requestId = r.ReadElementContentAsString();
                else if (r.LocalName != "Error") r.Skip();
                else
                {
                    var errorDepth = Enter(r);
                    while (NextChild(r, errorDepth))
                    {
                        if (r.LocalName == "Code") code = r.ReadElementContentAsString();
                        else if (r.LocalName == "Message") message = r.ReadElementContentAsString();
                        else r.Skip();
                    }
                }
            }
            return code is null ? null : new IamErrorReply(code, message ?? "", requestId);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>Steps into the element the reader is on; returns the depth to pass to <see cref="NextChild"/>.</summary>
    public static int Enter(XmlReader r)
    {
        var depth = r.Depth;
        r.Read();
        return depth;
    }

    /// <summary>Moves to the next child element of the element entered at <paramref name="depth"/>; false (and past its end tag) when there is none.</summary>
    public static bool NextChild(XmlReader r, int depth)
    {
        while (!r.EOF)
        {
            if (r.Depth <= depth)
            {
                if (r.NodeType == XmlNodeType.EndElement && r.Depth == depth) r.Read();
                return false;
            }
            if (r.NodeType == XmlNodeType.Element) return true;
            r.Read();
        }
        return false;
    }

    /// <summary>Reads &lt;member&gt; children of the list element the reader is on.</summary>
    public static List<T> ReadMembers<T>(XmlReader r, Func<XmlReader, T> readMember)
    {
        var items = new List<T>();
        var depth = Enter(r);
        while (NextChild(r, depth))
        {
            if (r.LocalName == "member") items.Add(readMember(r));
            else r.Skip();
        }
        return items;
    }

    public static string ReadString(XmlReader r) => r.ReadElementContentAsString();

    public static DateTimeOffset ReadDate(XmlReader r) =>
        DateTimeOffset.Parse(r.ReadElementContentAsString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static bool ReadBool(XmlReader r) => r.ReadElementContentAsString().Trim() == "true";

    /// <summary>Decodes a base64 element straight into bytes, without an intermediate string of the secret.</summary>
    public static byte[] ReadBase64(XmlReader r)
    {
        var buffer = new byte[256];
        var length = 0;
        int read;
        while ((read = r.ReadElementContentAsBase64(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
            if (length == buffer.Length) Grow(ref buffer);
        }
        var exact = buffer[..length];
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
        return exact;
    }

    private static void Grow(ref byte[] buffer)
    {
        var bigger = new byte[buffer.Length * 2];
        buffer.CopyTo(bigger, 0);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
        buffer = bigger;
    }

    private static string? ReadRequestId(XmlReader r)
    {
        string? requestId = null;
        var depth = Enter(r);
        while (NextChild(r, depth))
        {
            if (r.LocalName == "RequestId") requestId = r.ReadElementContentAsString();
            else r.Skip();
        }
        return requestId;
    }
}
