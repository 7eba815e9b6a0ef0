using System.Xml;
using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.State;

namespace MfaBot.IamSimulator.Actions;

/// <summary>Writers for structures that several operations return.</summary>
internal static class XmlShapes
{
    public static void WriteUser(this XmlWriter w, string element, IamAccount account, UserRecord user, bool withTags)
    {
        w.WriteStartElement(element);
        w.WriteUserFields(account, user);
        if (withTags && user.Tags.Count > 0) w.WriteTags(user.Tags);
        w.WriteEndElement();
    }

    public static void WriteUserFields(this XmlWriter w, IamAccount account, UserRecord user)
    {
        w.WriteElementString("Path", user.Path);
        w.WriteElementString("UserName", user.UserName);
        w.WriteElementString("UserId", user.UserId);
        w.WriteElementString("Arn", user.Arn(account.AccountId));
        w.WriteDate("CreateDate", user.CreateDate);
    }

    public static void WriteGroupFields(this XmlWriter w, IamAccount account, GroupRecord group)
    {
        w.WriteElementString("Path", group.Path);
        w.WriteElementString("GroupName", group.GroupName);
        w.WriteElementString("GroupId", group.GroupId);
        w.WriteElementString("Arn", group.Arn(account.AccountId));
        w.WriteDate("CreateDate", group.CreateDate);
    }

    public static void WriteTags(this XmlWriter w, IEnumerable<Tag> tags) =>
        w.WriteList("Tags", tags, (m, t) =>
        {
            m.WriteElementString("Key", t.Key);
            m.WriteElementString("Value", t.Value);
        });
}
