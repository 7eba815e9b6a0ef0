using System.Globalization;
using MfaBot.Campaigns.Model;

namespace MfaBot.Campaigns.Reports;

/// <summary>The two name lists of "campaign status": who has MFA, and who not yet (open or not invited).</summary>
public static class StatusList
{
    public const string NotYet = "notyet";
    public const string Enrolled = "enrolled";

    public static bool IsKnown(string list) => list is NotYet or Enrolled;

    public static bool Holds(string list, Invitee i) => (i.State == InviteeState.Enrolled) == (list == Enrolled);
}

/// <summary>
/// Where a list's next page starts: a chunk and the first invitee number in it. Invitees are numbered in chunk order, so
/// a page reads from that chunk on and stops once full: page 40 of a 10,000-person campaign reads a few chunks, not all.
/// </summary>
public readonly record struct PageCursor(int Chunk, int From)
{
    public const string ChunkInput = "chunk";
    public const string FromInput = "from";

    /// <summary>The cursor a card button carried; null when absent or not numbers (it only picks names of the manager's own campaign).</summary>
    public static PageCursor? Read(IReadOnlyDictionary<string, string> inputs) =>
        inputs.TryGetValue(ChunkInput, out var c) && inputs.TryGetValue(FromInput, out var f)
        && int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var chunk)
        && int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            ? new PageCursor(chunk, from)
            : null;
}

/// <summary>
/// Collects one page of a list, as display lines, while chunks go by, and notes where the next page starts. A page ends
/// at <c>size</c> names or when the next line would pass <see cref="MaxChars"/>: Slack refuses a text block over 3,000
/// characters, and the heading and the "more" line share it.
/// </summary>
public sealed class PageCollector(string list, PageCursor start, int size, Func<Invitee, string> line)
{
    public const int MaxChars = 2600;

    private int _chars;

    public string List => list;

    public PageCursor Start => start;

    public List<string> Lines { get; } = [];

    /// <summary>Set once a name beyond the page was seen.</summary>
    public PageCursor? Next { get; private set; }

    public bool Full => Next is not null;

    public void Add(InviteeChunk chunk)
    {
        if (Full || chunk.Index < start.Chunk) return;
        foreach (var i in chunk.Invitees)
        {
            if ((chunk.Index == start.Chunk && i.N < start.From) || !StatusList.Holds(list, i)) continue;
            var text = line(i);
            if (Lines.Count == size || (Lines.Count > 0 && _chars + text.Length + 1 > MaxChars))
            {
                Next = new PageCursor(chunk.Index, i.N);
                return;
            }
            Lines.Add(text);
            _chars += text.Length + 1;
        }
    }
}
