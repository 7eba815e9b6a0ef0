using System.Runtime.CompilerServices;
using MfaBot.Iam;

namespace MfaBot.Coverage;

/// <summary>
/// The fallback where policy refuses the credential report: ListUsers (every page), then ListMFADevices per user, a few
/// in flight at once and rows kept in ListUsers' order. One call per user: minutes for a large account, where the
/// report takes seconds. The root has no row (its MFA is not visible to these calls).
/// </summary>
internal static class UserListing
{
    private const int Concurrency = 8;

    public static CredentialInventory Open(IIamGateway iam, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        return new CredentialInventory(CredentialSource.UserListing, RowsAsync(iam, cancellationToken), () => started);
    }

    private static async IAsyncEnumerable<CredentialRow> RowsAsync(IIamGateway iam, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var users = await iam.ListUsersAsync(null, cancellationToken);
        for (var i = 0; i < users.Count; i += Concurrency)
        {
            var batch = users.Skip(i).Take(Concurrency).ToList();
            var devices = await Task.WhenAll(batch.Select(u => DevicesAsync(iam, u.UserName, cancellationToken)));
            for (var j = 0; j < batch.Count; j++)
            {
                if (devices[j] is null) continue;
                var u = batch[j];
                yield return new CredentialRow(u.UserName, u.Arn, u.Path, u.CreateDate, null, null, devices[j]!.Count > 0, null, null);
            }
        }
    }

    /// <summary>The user's devices; null when the user was deleted since ListUsers.</summary>
    private static async Task<IReadOnlyList<MfaDevice>?> DevicesAsync(IIamGateway iam, string userName, CancellationToken cancellationToken)
    {
        try
        {
            return await iam.ListMfaDevicesAsync(userName, cancellationToken);
        }
        catch (IamException e) when (e.Code == IamErrorCodes.NoSuchEntity)
        {
            return null;
        }
    }
}
