using System.Text;
using System.Xml;
using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.Validation;

namespace MfaBot.IamSimulator.Actions;

/// <summary>Marker/MaxItems paging shared by every List operation. The marker names the first item of the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextMarker)
{
    public void WriteTail(XmlWriter w)
    {
        w.WriteBool("IsTruncated", NextMarker is not null);
        if (NextMarker is not null) w.WriteElementString("Marker", NextMarker);
    }
}

public static class Paging
{
    public const int DefaultMaxItems = 100;

    /// <summary>Reads Marker and MaxItems, then checks every parameter read so far.</summary>
    public static (string? Marker, int? MaxItems) Read(ActionContext ctx)
    {
        var marker = ctx.Params.Optional("Marker", Shapes.Marker);
        var maxItems = ctx.Params.MaxItems();
        ctx.Params.ThrowIfInvalid();
        return (marker, maxItems);
    }

    public static Page<T> Take<T>(IEnumerable<T> items, Func<T, string> key, string? marker, int? maxItems)
    {
        var ordered = items.OrderBy(key, StringComparer.Ordinal).ToList();
        var start = 0;
        if (marker is not null)
        {
            var from = Decode(marker);
            start = ordered.FindIndex(i => string.CompareOrdinal(key(i), from) >= 0);
            if (start < 0) start = ordered.Count;
        }
        var size = maxItems ?? DefaultMaxItems;
        var page = ordered.Skip(start).Take(size).ToList();
        var next = start + size < ordered.Count ? Encode(key(ordered[start + size])) : null;
        return new Page<T>(page, next);
    }

    private static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    private static string Decode(string marker)
    {
        var buffer = new byte[marker.Length];
        if (!Convert.TryFromBase64String(marker, buffer, out var written)) throw IamException.InvalidInput("Invalid Marker.");
        return Encoding.UTF8.GetString(buffer, 0, written);
    }
}
