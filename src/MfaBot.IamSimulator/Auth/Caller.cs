namespace MfaBot.IamSimulator.Auth;

/// <summary>Who signed the request; <see cref="UserName"/> is null for a key of the account root.</summary>
public sealed record Caller(string AccessKeyId, string? UserName);
