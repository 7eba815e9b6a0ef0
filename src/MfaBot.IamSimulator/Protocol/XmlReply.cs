using System.Globalization;
using System.Text;
using System.Xml;

namespace MfaBot.IamSimulator.Protocol;

/// <summary>Writes IAM's XML replies: OpResponse/OpResult/…/ResponseMetadata and ErrorResponse.</summary>
public static class XmlReply
{
    public const string Namespace = "https://iam.amazonaws.com/doc/2010-05-08/";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    /// <param name="writeResult">Writes the content of OpResult; null for operations without output.</param>
    public static byte[] Success(string action, string requestId, Action<XmlWriter>? writeResult) => Build(w =>
    {
        w.WriteStartElement(action + "Response", Namespace);
        if (writeResult is not null)
        {
            w.WriteStartElement(action + "Result");
            writeResult(w);
            w.WriteEndElement();
        }
        w.WriteStartElement("ResponseMetadata");
        w.WriteElementString("RequestId", requestId);
        w.WriteEndElement();
        w.WriteEndElement();
    });

    public static byte[] Error(IamException error, string requestId) => Build(w =>
    {
        w.WriteStartElement("ErrorResponse", Namespace);
        w.WriteStartElement("Error");
        w.WriteElementString("Type", error.FaultType);
        w.WriteElementString("Code", error.Code);
        w.WriteElementString("Message", XmlSafe(error.Message));
        w.WriteEndElement();
        w.WriteElementString("RequestId", requestId);
        w.WriteEndElement();
    });

    /// <summary>IAM's timestamp form, e.g. 2024-05-01T12:00:00Z.</summary>
    public static void WriteDate(this XmlWriter w, string name, DateTimeOffset value) =>
        w.WriteElementString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    public static void WriteBool(this XmlWriter w, string name, bool value) => w.WriteElementString(name, value ? "true" : "false");

    /// <summary>A list as IAM writes it: the list element with one &lt;member&gt; per item.</summary>
    public static void WriteList<T>(this XmlWriter w, string name, IEnumerable<T> items, Action<XmlWriter, T> writeMember)
    {
        w.WriteStartElement(name);
        foreach (var item in items)
        {
            w.WriteStartElement("member");
            writeMember(w, item);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    /// <summary>Messages may echo a caller's value; characters XML cannot carry become U+FFFD.</summary>
    private static string XmlSafe(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) builder.Append(text[i]);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) builder.Append(text, i++, 2);
            else builder.Append('\uFFFD');
        }
        return builder.ToString();
    }

    private static byte[] Build(Action<XmlWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, Settings))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }
        return stream.ToArray();
    }
}
