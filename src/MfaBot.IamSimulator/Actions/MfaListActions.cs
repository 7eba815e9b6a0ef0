using System.Xml;
using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.Validation;

namespace MfaBot.IamSimulator.Actions;

/// <summary>ListMFADevices (one user's enabled devices) and ListVirtualMFADevices (the account's virtual devices).</summary>
internal static class MfaListActions
{
    public static IEnumerable<IamAction> All =>
    [
        new("ListMFADevices", false, ListMfaDevices),
        new("ListVirtualMFADevices", false, ListVirtualMfaDevices),
    ];

    private static Action<XmlWriter> ListMfaDevices(ActionContext ctx)
    {
        var userName = ctx.Params.Optional("UserName", Shapes.ExistingUserName);
        var (marker, maxItems) = Paging.Read(ctx);
        var user = ctx.UserOrCaller(userName);
        var devices = user is null ? [] : ctx.Account.DevicesOf(user);
        var page = Paging.Take(devices, d => d.SerialNumber, marker, maxItems);
        return w =>
        {
            w.WriteList("MFADevices", page.Items, (m, d) =>
            {
                m.WriteElementString("UserName", d.UserName);
                m.WriteElementString("SerialNumber", d.SerialNumber);
                m.WriteDate("EnableDate", d.EnableDate!.Value);
            });
            page.WriteTail(w);
        };
    }

    private static Action<XmlWriter> ListVirtualMfaDevices(ActionContext ctx)
    {
        var status = ctx.Params.Enum("AssignmentStatus", Shapes.AssignmentStatus) ?? "Any";
        var (marker, maxItems) = Paging.Read(ctx);
        var devices = ctx.Account.Devices.Values.Where(d => status switch
        {
            "Assigned" => d.UserName is not null,
            "Unassigned" => d.UserName is null,
            _ => true,
        });
        var page = Paging.Take(devices, d => d.SerialNumber, marker, maxItems);
        return w =>
        {
            w.WriteList("VirtualMFADevices", page.Items, (m, d) =>
            {
                m.WriteElementString("SerialNumber", d.SerialNumber);
                if (d.UserName is not null && ctx.Account.Users.TryGetValue(d.UserName, out var user))
                {
                    m.WriteUser("User", ctx.Account, user, withTags: false);
                    m.WriteDate("EnableDate", d.EnableDate!.Value);
                }
                if (d.Tags.Count > 0) m.WriteTags(d.Tags);
            });
            page.WriteTail(w);
        };
    }
}
