using System.Buffers;
using System.Net.Http.Headers;
using System.Text;

namespace MfaBot.Iam;

/// <summary>One Query API request: the action and its parameters, rendered as the form body IAM expects.</summary>
internal sealed class IamQuery(string action)
{
    private const string Version = "2010-05-08";
    private readonly List<(string Name, string Value, bool Secret)> _parameters = new(8);

    public string Action { get; } = action;

    public IamQuery Add(string name, string? value) => Put(name, value, secret: false);

    /// <summary>A parameter whose value must never show up in an error message (authentication codes).</summary>
    public IamQuery AddSecret(string name, string value) => Put(name, value, secret: true);

    public IamQuery AddTags(string prefix, IReadOnlyList<IamTag>? tags)
    {
        for (var i = 0; tags is not null && i < tags.Count; i++)
        {
            var n = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Add($"{prefix}.member.{n}.Key", tags[i].Key);
            Add($"{prefix}.member.{n}.Value", tags[i].Value);
        }
        return this;
    }

    /// <summary>Sets or replaces a parameter (the paging Marker).</summary>
    public IamQuery Set(string name, string? value)
    {
        _parameters.RemoveAll(p => p.Name == name);
        return Add(name, value);
    }

    private IamQuery Put(string name, string? value, bool secret)
    {
        if (value is not null) _parameters.Add((name, value, secret));
        return this;
    }

    /// <summary>Removes the values of secret parameters from a server message that might echo them.</summary>
    public string Scrub(string message)
    {
        foreach (var (_, value, secret) in _parameters)
        {
            if (secret && value.Length > 0) message = message.Replace(value, "***", StringComparison.Ordinal);
        }
        return message;
    }

    public IamFormContent ToContent()
    {
        var bound = Action.Length + Version.Length + 16;
        foreach (var (name, value, _) in _parameters) bound += name.Length + value.Length + 2;
        // Each UTF-16 unit is at most 3 UTF-8 bytes, each byte at most 3 characters once percent-encoded.
        var buffer = ArrayPool<byte>.Shared.Rent(bound * 9);
        try
        {
            var written = Append(buffer, 0, "Action=");
            written = Encode(buffer, written, Action);
            written = Append(buffer, written, "&Version=" + Version);
            foreach (var (name, value, _) in _parameters)
            {
                written = Append(buffer, written, "&");
                written = Encode(buffer, written, name);
                written = Append(buffer, written, "=");
                written = Encode(buffer, written, value);
            }
            return new IamFormContent(buffer.AsSpan(0, written).ToArray());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private static int Append(byte[] buffer, int at, string ascii) => at + Encoding.ASCII.GetBytes(ascii, buffer.AsSpan(at));

    /// <summary>AWS's percent-encoding: unreserved characters as they are, every other UTF-8 byte as %XX.</summary>
    private static int Encode(byte[] buffer, int at, string text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        Span<char> one = stackalloc char[2];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                buffer[at++] = (byte)c;
                continue;
            }
            var units = char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1;
            text.AsSpan(i, units).CopyTo(one);
            i += units - 1;
            var count = Encoding.UTF8.GetBytes(one[..units], utf8);
            foreach (var b in utf8[..count])
            {
                buffer[at++] = (byte)'%';
                buffer[at++] = (byte)"0123456789ABCDEF"[b >> 4];
                buffer[at++] = (byte)"0123456789ABCDEF"[b & 0xF];
            }
        }
        return at;
    }
}

/// <summary>The form body, keeping its bytes at hand so the signer hashes them without another copy.</summary>
internal sealed class IamFormContent : ByteArrayContent
{
    public const string MediaType = "application/x-www-form-urlencoded; charset=utf-8";

    public IamFormContent(byte[] body) : base(body)
    {
        Body = body;
        Headers.ContentType = MediaTypeHeaderValue.Parse(MediaType);
    }

    public byte[] Body { get; }
}
