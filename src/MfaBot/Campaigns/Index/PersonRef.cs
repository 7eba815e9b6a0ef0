using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MfaBot.Campaigns.Model;
using MfaBot.Conversation;

namespace MfaBot.Campaigns.Index;

/// <summary>
/// A person as the index knows them: a hash of their chat user key or IAM user name, and the bucket it falls in.
/// Hashing gives keys of any characters a fixed, store-safe form and keeps identities out of the index records;
/// two persons sharing an id only cost an extra chunk read, since matching is always done on the invitee itself.
/// </summary>
public readonly record struct PersonRef(int Bucket, string Id)
{
    public static PersonRef ForChatUser(string userKey) => Of("chat", userKey);

    public static PersonRef ForIamUser(string userName) => Of("iam", userName);

    /// <summary>The refs an invitee is found by: chat user and IAM user, whichever it has.</summary>
    public static IEnumerable<PersonRef> Of(Invitee invitee) => Of(invitee.User, invitee.IamUser);

    public static IEnumerable<PersonRef> Of(ChatUser? user, string? iamUser)
    {
        if (user is not null) yield return ForChatUser(user.Key);
        if (iamUser is not null) yield return ForIamUser(iamUser);
    }

    private static PersonRef Of(string kind, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + key));
        return new PersonRef(BinaryPrimitives.ReadUInt16BigEndian(hash) % PersonIndex.Buckets, Convert.ToHexStringLower(hash.AsSpan(2, 8)));
    }
}
