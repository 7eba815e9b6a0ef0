using System.Xml;
using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.Validation;

namespace MfaBot.IamSimulator.Actions;

/// <summary>GetUser, ListUsers and ListUserTags over the seeded users.</summary>
internal static class UserActions
{
    public static IEnumerable<IamAction> All =>
    [
        new("GetUser", false, GetUser),
        new("ListUsers", false, ListUsers),
        new("ListUserTags", false, ListUserTags),
    ];

    private static Action<XmlWriter> GetUser(ActionContext ctx)
    {
        var userName = ctx.Params.Optional("UserName", Shapes.ExistingUserName);
        ctx.Params.ThrowIfInvalid();
        var user = ctx.UserOrCaller(userName);
        if (user is not null) return w => w.WriteUser("User", ctx.Account, user, withTags: true);
        // The account root has no user name or path, only the account id and the root ARN.
        return w =>
        {
            w.WriteStartElement("User");
            w.WriteElementString("UserId", ctx.Account.AccountId);
            w.WriteElementString("Arn", $"arn:aws:iam::{ctx.Account.AccountId}:root");
            w.WriteDate("CreateDate", ctx.Now);
            w.WriteEndElement();
        };
    }

    private static Action<XmlWriter> ListUsers(ActionContext ctx)
    {
        var prefix = ctx.Params.Optional("PathPrefix", Shapes.PathPrefix) ?? "/";
        var (marker, maxItems) = Paging.Read(ctx);
        var users = ctx.Account.Users.Values.Where(u => u.Path.StartsWith(prefix, StringComparison.Ordinal));
        var page = Paging.Take(users, u => u.UserName.ToLowerInvariant(), marker, maxItems);
        return w =>
        {
            w.WriteList("Users", page.Items, (m, u) => m.WriteUserFields(ctx.Account, u));
            page.WriteTail(w);
        };
    }

    private static Action<XmlWriter> ListUserTags(ActionContext ctx)
    {
        var userName = ctx.Params.Required("UserName", Shapes.ExistingUserName);
        var (marker, maxItems) = Paging.Read(ctx);
        var user = ctx.Account.RequireUser(userName);
        var page = Paging.Take(user.Tags, t => t.Key, marker, maxItems);
        return w =>
        {
            w.WriteTags(page.Items);
            page.WriteTail(w);
        };
    }
}
