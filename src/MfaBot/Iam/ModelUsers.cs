namespace MfaBot.Iam;

/// <summary>An IAM user. Tags are filled by GetUser only; ListUsers does not return them.</summary>
public sealed record IamUser(string UserName, string UserId, string Arn, string Path, DateTimeOffset CreateDate, IReadOnlyList<IamTag> Tags);
