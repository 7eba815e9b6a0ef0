using System.Xml;
using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.State;
using MfaBot.IamSimulator.Validation;

namespace MfaBot.IamSimulator.Actions;

/// <summary>Membership of the configured groups: AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser, GetGroup.</summary>
internal static class GroupActions
{
    public static IEnumerable<IamAction> All =>
    [
        new("AddUserToGroup", true, AddUserToGroup),
        new("RemoveUserFromGroup", true, RemoveUserFromGroup),
        new("ListGroupsForUser", false, ListGroupsForUser),
        new("GetGroup", false, GetGroup),
    ];

    /// <summary>Adding a member again changes nothing and succeeds, as in IAM.</summary>
    private static Action<XmlWriter>? AddUserToGroup(ActionContext ctx)
    {
        var (group, user) = ReadMembership(ctx);
        if (user.Groups.Contains(group.GroupName)) return null;
        if (user.Groups.Count >= IamAccount.MaxGroupsPerUser)
            throw IamException.LimitExceeded($"Cannot exceed quota for GroupsPerUser: {IamAccount.MaxGroupsPerUser}");
        user.Groups.Add(group.GroupName);
        ctx.Account.Changed(user);
        return null;
    }

    private static Action<XmlWriter>? RemoveUserFromGroup(ActionContext ctx)
    {
        var (group, user) = ReadMembership(ctx);
        if (!user.Groups.Remove(group.GroupName))
            throw IamException.NoSuchEntity($"The user with name {user.UserName} is not in the group {group.GroupName}.");
        ctx.Account.Changed(user);
        return null;
    }

    private static Action<XmlWriter> ListGroupsForUser(ActionContext ctx)
    {
        var userName = ctx.Params.Required("UserName", Shapes.ExistingUserName);
        var (marker, maxItems) = Paging.Read(ctx);
        var user = ctx.Account.RequireUser(userName);
        var groups = user.Groups.Select(ctx.Account.Groups.GetValueOrDefault).OfType<GroupRecord>();
        var page = Paging.Take(groups, g => g.GroupName.ToLowerInvariant(), marker, maxItems);
        return w =>
        {
            w.WriteList("Groups", page.Items, (m, g) => m.WriteGroupFields(ctx.Account, g));
            page.WriteTail(w);
        };
    }

    private static Action<XmlWriter> GetGroup(ActionContext ctx)
    {
        var groupName = ctx.Params.Required("GroupName", Shapes.GroupName);
        var (marker, maxItems) = Paging.Read(ctx);
        var group = ctx.Account.RequireGroup(groupName);
        var members = ctx.Account.Users.Values.Where(u => u.Groups.Contains(group.GroupName));
        var page = Paging.Take(members, u => u.UserName.ToLowerInvariant(), marker, maxItems);
        return w =>
        {
            w.WriteStartElement("Group");
            w.WriteGroupFields(ctx.Account, group);
            w.WriteEndElement();
            w.WriteList("Users", page.Items, (m, u) => m.WriteUserFields(ctx.Account, u));
            page.WriteTail(w);
        };
    }

    /// <summary>Both names are checked before either entity is looked up; an unknown group is reported first.</summary>
    private static (GroupRecord Group, UserRecord User) ReadMembership(ActionContext ctx)
    {
        var groupName = ctx.Params.Required("GroupName", Shapes.GroupName);
        var userName = ctx.Params.Required("UserName", Shapes.ExistingUserName);
        ctx.Params.ThrowIfInvalid();
        return (ctx.Account.RequireGroup(groupName), ctx.Account.RequireUser(userName));
    }
}
