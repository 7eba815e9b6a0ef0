using System.Text.Json;
using MfaBot.Tests.Cards;

namespace MfaBot.Tests.Enforcement;

/// <summary>
/// deploy/aws/mfa-enforcement-policy.json follows AWS's documented "deny everything but managing your own MFA unless
/// signed in with MFA" pattern: one Deny with NotAction and BoolIfExists aws:MultiFactorAuthPresent = false.
/// </summary>
public sealed class EnforcementPolicyTests
{
    private const string MfaKey = "aws:MultiFactorAuthPresent";

    // The exemptions of AWS's documented example, which must stay usable without MFA so that people can enroll.
    private static readonly string[] DocumentedSelfService =
        ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ListUsers", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice"];

    private static readonly Dictionary<string, string> LongTermKeys = [];
    private static readonly Dictionary<string, string> ConsoleWithoutMfa = new() { [MfaKey] = "false" };
    private static readonly Dictionary<string, string> WithMfa = new() { [MfaKey] = "true" };

    private static readonly JsonElement Policy = JsonDocument.Parse(File.ReadAllText(RepoFiles.PathOf("deploy", "aws", "mfa-enforcement-policy.json"))).RootElement.Clone();

    [Fact]
    public void It_is_one_deny_on_everything_but_self_service_mfa_unless_mfa_is_present()
    {
        Assert.Equal("2012-10-17", Policy.GetProperty("Version").GetString());
        var statement = Assert.Single(PolicyEvaluator.Statements(Policy));
        Assert.Equal("Deny", statement.GetProperty("Effect").GetString());
        Assert.False(statement.TryGetProperty("Action", out _), "a Deny with NotAction, not a list of denied actions");
        Assert.Equal("*", statement.GetProperty("Resource").GetString());
        var condition = Assert.Single(statement.GetProperty("Condition").EnumerateObject());
        Assert.Equal("BoolIfExists", condition.Name);
        var key = Assert.Single(condition.Value.EnumerateObject());
        Assert.Equal((MfaKey, "false"), (key.Name, key.Value.GetString()));

        var exempt = statement.GetProperty("NotAction").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.All(DocumentedSelfService, a => Assert.Contains(a, exempt));
        Assert.DoesNotContain(exempt, a => a.Contains('*', StringComparison.Ordinal) || a.Contains('?', StringComparison.Ordinal));
        Assert.Equal(exempt.Count, exempt.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [InlineData("s3:ListBucket")]
    [InlineData("ec2:RunInstances")]
    [InlineData("iam:CreateAccessKey")]
    [InlineData("iam:DeactivateMFADevice")]
    [InlineData("iam:DeleteVirtualMFADevice")]
    [InlineData("iam:AttachUserPolicy")]
    [InlineData("sts:AssumeRole")]
    public void Without_mfa_everything_else_is_denied_for_access_keys_and_console_sessions(string action)
    {
        Assert.True(PolicyEvaluator.IsDenied(Policy, action, LongTermKeys), $"{action} with long-term keys (no MFA key in the request)");
        Assert.True(PolicyEvaluator.IsDenied(Policy, action, ConsoleWithoutMfa), $"{action} signed in without MFA");
        Assert.False(PolicyEvaluator.IsDenied(Policy, action, WithMfa), $"{action} signed in with MFA");
    }

    [Theory]
    [InlineData("iam:CreateVirtualMFADevice")]
    [InlineData("iam:EnableMFADevice")]
    [InlineData("iam:ResyncMFADevice")]
    [InlineData("iam:ListMFADevices")]
    [InlineData("iam:GetUser")]
    [InlineData("iam:ChangePassword")]
    [InlineData("iam:GetAccountPasswordPolicy")]
    [InlineData("sts:GetSessionToken")]
    [InlineData("IAM:createvirtualmfadevice")]
    public void Without_mfa_a_person_can_still_enroll_change_a_first_password_and_get_an_mfa_session(string action)
    {
        Assert.False(PolicyEvaluator.IsDenied(Policy, action, LongTermKeys));
        Assert.False(PolicyEvaluator.IsDenied(Policy, action, ConsoleWithoutMfa));
        Assert.False(PolicyEvaluator.IsDenied(Policy, action, WithMfa));
    }

    [Fact]
    public void BoolIfExists_is_what_covers_long_term_access_keys()
    {
        // The same statement with plain Bool would let requests signed with access keys through: they carry no MFA key.
        var withBool = JsonDocument.Parse(Policy.GetRawText().Replace("\"BoolIfExists\"", "\"Bool\"", StringComparison.Ordinal)).RootElement;
        Assert.False(PolicyEvaluator.IsDenied(withBool, "s3:ListBucket", LongTermKeys));
        Assert.True(PolicyEvaluator.IsDenied(withBool, "s3:ListBucket", ConsoleWithoutMfa));
        Assert.True(PolicyEvaluator.IsDenied(Policy, "s3:ListBucket", LongTermKeys));
    }
}
