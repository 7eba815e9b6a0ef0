using MfaBot.Identity;
using MfaBot.Resets;

namespace MfaBot.Coverage.Report;

/// <summary>
/// Streams the credential report once into a <see cref="CoverageResult"/>: counts for everyone, a small record for each
/// user without MFA (a 50,000-user report is never held whole). The root and service paths are not people.
/// </summary>
public static class CoverageScan
{
    public static async Task<CoverageResult> ReadAsync(CredentialInventory inventory, CoverageOptions coverage, ResetOptions resets, CancellationToken ct)
    {
        int humans = 0, withMfa = 0, service = 0;
        var unprotected = new List<Unprotected>();
        // Names of users with MFA, for the team bars' "with MFA" side: no more than could have their tags read.
        var protectedNames = new List<string>();
        await foreach (var row in inventory.Rows.WithCancellation(ct))
        {
            if (row.IsRoot) continue;
            if (IamNames.PathStartsWithAny(row.Path, coverage.ServicePathPrefixes))
            {
                service++;
                continue;
            }
            humans++;
            if (row.MfaActive)
            {
                withMfa++;
                if (protectedNames.Count < coverage.MaxTagReads) protectedNames.Add(row.UserName);
                continue;
            }
            unprotected.Add(new Unprotected(row.UserName, row.Path, row.PasswordEnabled, Active(row.AccessKey1) || Active(row.AccessKey2),
                resets.IsPrivilegedPath(row.Path), Latest(row.PasswordLastUsed, row.AccessKey1?.LastUsed, row.AccessKey2?.LastUsed), row.Created));
        }
        unprotected.Sort(Unprotected.RiskiestFirst);
        return new CoverageResult(humans, withMfa, service, unprotected, inventory.Source, inventory.AsOf) { Protected = protectedNames };
    }

    private static bool Active(AccessKeyUse? key) => key?.Active == true;

    private static DateTimeOffset? Latest(params DateTimeOffset?[] times) => times.Max();
}
