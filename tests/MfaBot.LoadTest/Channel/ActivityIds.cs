namespace MfaBot.LoadTest.Channel;

/// <summary>
/// Ids a test connector gives the activities it receives. Letters only: the secret scans look for every typed code as
/// a six-digit token, and a numeric id such as "act-123456" would be reported as one (about 1% of ids in a long run).
/// </summary>
public static class ActivityIds
{
    public static string Next(ref long counter) => "act-" + Letters(Interlocked.Increment(ref counter));

    /// <summary>An id for an activity the harness sends: a random GUID's bytes written as letters.</summary>
    public static string Random() => "in-" + string.Concat(Guid.NewGuid().ToByteArray().Select(b => $"{(char)('a' + (b >> 4))}{(char)('a' + (b & 15))}"));

    /// <summary><paramref name="n"/> in base 26 written with a-z: a number no scan can take for a code.</summary>
    public static string Letters(long n)
    {
        Span<char> letters = stackalloc char[14];
        var at = letters.Length;
        do
        {
            letters[--at] = (char)('a' + (int)(n % 26));
            n /= 26;
        }
        while (n > 0);
        return new string(letters[at..]);
    }
}
