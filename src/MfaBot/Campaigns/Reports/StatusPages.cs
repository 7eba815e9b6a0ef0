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

/// <summary>Collects one page of a list while chunks go by, and notes where the next page starts.</summary>
public sealed class PageCollector(string list, PageCursor start, int size)
{
    public string List => list;

    public PageCursor Start => start;

    public List<Invitee> Names { get; } = [];

    /// <summary>Set once a name beyond the page was seen.</summary>
    public PageCursor? Next { get; private set; }

    public bool Full => Next is not null;

    public void Add(InviteeChunk chunk)
    {
        if (Full || chunk.Index < start.Chunk) return;
        foreach (var i in chunk.Invitees)
        {
            if ((chunk.Index == start.Chunk && i.N < start.From) || !StatusList.Holds(list, i)) continue;
            if (Names.Count == size)
            {
                Next = new PageCursor(chunk.Index, i.N);
                return;
            }
            Names.Add(i);
        }
    }
}
