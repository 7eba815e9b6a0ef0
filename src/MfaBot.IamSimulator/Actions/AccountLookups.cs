using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.State;

namespace MfaBot.IamSimulator.Actions;

/// <summary>Finding entities the way IAM reports them missing.</summary>
internal static class AccountLookups
{
    public static UserRecord RequireUser(this IamAccount account, string userName) =>
        account.Users.GetValueOrDefault(userName) ?? throw IamException.NoSuchEntity($"The user with name {userName} cannot be found.");

    public static GroupRecord RequireGroup(this IamAccount account, string groupName) =>
        account.Groups.GetValueOrDefault(groupName) ?? throw IamException.NoSuchEntity($"The group with name {groupName} cannot be found.");

    public static MfaDeviceRecord RequireDevice(this IamAccount account, string serial) =>
        account.Devices.GetValueOrDefault(serial) ?? throw IamException.NoSuchEntity($"VirtualMFADevice with serial number {serial} doesn't exist.");

    /// <summary>A device enabled for the given user.</summary>
    public static MfaDeviceRecord RequireAssignedDevice(this IamAccount account, UserRecord user, string serial)
    {
        var device = account.Devices.GetValueOrDefault(serial);
        if (device is null || !string.Equals(device.UserName, user.UserName, StringComparison.OrdinalIgnoreCase))
            throw IamException.NoSuchEntity($"MFA Device with serial number {serial} does not exist.");
        return device;
    }

    /// <summary>The user named in the request, or else the caller's own user (null for the account root).</summary>
    public static UserRecord? UserOrCaller(this ActionContext ctx, string? userName)
    {
        var name = userName ?? ctx.Caller.UserName;
        return name is null ? null : ctx.Account.RequireUser(name);
    }

    public static IEnumerable<MfaDeviceRecord> DevicesOf(this IamAccount account, UserRecord user) => account.DevicesOf(user.UserName);
}
