using System.Text;

namespace MfaBot.Iam;

/// <summary>A tag on an IAM user or MFA device.</summary>
public sealed record IamTag(string Key, string Value);

/// <summary>Filter for ListVirtualMFADevices.</summary>
public enum MfaAssignmentStatus
{
    Any,
    Assigned,
    Unassigned,
}

/// <summary>
/// What CreateVirtualMFADevice returns. The seed and the QR image (which encodes the seed) are secret:
/// ToString redacts both.
/// </summary>
public sealed record CreatedVirtualMfaDevice(string SerialNumber, SecretSeed Seed, byte[] QrCodePng)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("SerialNumber = ").Append(SerialNumber)
            .Append(", Seed = [redacted], QrCodePng = [redacted ").Append(QrCodePng.Length).Append(" bytes]");
        return true;
    }
}

/// <summary>An MFA device enabled for a user (ListMFADevices).</summary>
public sealed record MfaDevice(string UserName, string SerialNumber, DateTimeOffset EnableDate);

/// <summary>A virtual MFA device of the account (ListVirtualMFADevices); UserName and EnableDate are set once assigned.</summary>
public sealed record VirtualMfaDevice(string SerialNumber, string? UserName, DateTimeOffset? EnableDate, IReadOnlyList<IamTag> Tags);
