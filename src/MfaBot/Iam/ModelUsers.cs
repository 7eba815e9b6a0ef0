namespace MfaBot.Iam;

/// <summary>An IAM user. Tags are filled by GetUser only; ListUsers does not return them.</summary>
public sealed record IamUser(string UserName, string UserId, string Arn, string Path, DateTimeOffset CreateDate, IReadOnlyList<IamTag> Tags);

/// <summary>An IAM group (ListGroupsForUser).</summary>
public sealed record IamGroup(string GroupName, string GroupId, string Arn, string Path, DateTimeOffset CreateDate);
