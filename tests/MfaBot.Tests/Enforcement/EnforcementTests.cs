using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Resets;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Enforcement;

/// <summary>With Enforcement:GroupName set, enrolling puts the IAM user in the group; status and resets say so; off changes nothing.</summary>
public sealed class EnforcementTests
{
    private const string Group = "MfaRequired";
    private static readonly Dictionary<string, string?> On = new() { ["Enforcement:GroupName"] = Group };

    [Fact]
    public async Task Enrolling_with_enforcement_on_puts_the_user_in_the_group_and_says_so()
    {
        await using var h = await ResetHarness.StartAsync(On);
        var alex = h.Alex();
        Assert.Contains("MFA is not yet required at sign-in", await StatusAsync(h, alex), StringComparison.Ordinal);

        var skip = h.Connector.Calls.Count;
        await h.EnrollAsync(alex);

        var done = await alex.NextAsync(EnrollmentHarness.IsSuccessCard, skip);
        Assert.Contains("MFA is now required", ResetHarness.CardText(done), StringComparison.Ordinal);
        Assert.Equal([Group], (await h.Iam.ListGroupsForUserAsync(EnrollmentHarness.AlexEmail)).Select(g => g.GroupName));
        var audited = Assert.Single(h.Audit(), e => e["action"]!.GetValue<string>() == "enforcement.addToGroup");
        Assert.Equal(("Success", EnrollmentHarness.AlexEmail), (audited["outcome"]!.GetValue<string>(), audited["iamUser"]!.GetValue<string>()));

        Assert.Contains("MFA is required at sign-in", await StatusAsync(h, alex), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_enforcement_off_no_group_is_touched_and_nothing_is_said_about_it()
    {
        // Every IAM call the gateway makes is logged at Debug with its action name.
        await using var h = await ResetHarness.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:MfaBot.Iam"] = "Debug" });
        var alex = h.Alex();
        var skip = h.Connector.Calls.Count;
        await h.EnrollAsync(alex);
        var done = await alex.NextAsync(EnrollmentHarness.IsSuccessCard, skip);
        var status = await StatusAsync(h, alex);

        Assert.DoesNotContain("required", ResetHarness.CardText(done), StringComparison.Ordinal);
        Assert.DoesNotContain("required", status, StringComparison.Ordinal);
        Assert.Contains(h.Inner.Logs.Lines, l => l.Contains("IAM EnableMFADevice answered", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Inner.Logs.Lines, l => l.Contains("IAM AddUserToGroup", StringComparison.Ordinal) || l.Contains("IAM ListGroupsForUser", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Audit(), e => e["action"]!.GetValue<string>().StartsWith("enforcement.", StringComparison.Ordinal));
        Assert.Empty(await h.Iam.ListGroupsForUserAsync(EnrollmentHarness.AlexEmail));
    }

    [Fact]
    public async Task When_the_group_cannot_be_joined_the_enrollment_still_stands_and_an_admin_is_left_to_apply_it()
    {
        await using var h = await ResetHarness.StartAsync(new Dictionary<string, string?> { ["Enforcement:GroupName"] = "NoSuchGroup" });
        var alex = h.Alex();
        var skip = h.Connector.Calls.Count;
        var serial = await h.EnrollAsync(alex);

        var done = await alex.NextAsync(EnrollmentHarness.IsSuccessCard, skip);
        Assert.Contains("an administrator will apply it", ResetHarness.CardText(done), StringComparison.Ordinal);
        Assert.DoesNotContain("MFA is now required", ResetHarness.CardText(done), StringComparison.Ordinal);
        Assert.Equal(serial, Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail)).SerialNumber);
        var audited = Assert.Single(h.Audit(), e => e["action"]!.GetValue<string>() == "enforcement.addToGroup");
        Assert.Equal("Failure", audited["outcome"]!.GetValue<string>());
        Assert.Contains("NoSuchEntity", audited["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_reset_the_person_stays_in_the_group_and_is_told_to_enroll_before_working()
    {
        await using var h = await ResetHarness.StartAsync(On);
        await h.RegisterHelpdeskAsync();
        var alex = h.Alex();
        await h.EnrollAsync(alex);
        var (_, card) = await h.RequestResetAsync(alex, "Phone fell into the lake");
        var id = ResetHarness.RequestIdOf(card);

        var skip = await h.ClickAsync(h.Megan(), card, "reset.approve", id);
        var removed = await alex.NextAsync(c => ResetHarness.CardText(c).Contains("old MFA device was removed", StringComparison.Ordinal), skip);

        Assert.Contains("MFA is still required for your AWS user", ResetHarness.CardText(removed), StringComparison.Ordinal);
        Assert.Contains("enroll again before you get back to work", ResetHarness.CardText(removed), StringComparison.Ordinal);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Equal([Group], (await h.Iam.ListGroupsForUserAsync(EnrollmentHarness.AlexEmail)).Select(g => g.GroupName));
        Assert.Contains("MFA is required at sign-in", await StatusAsync(h, alex), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_name_that_iam_would_refuse_stops_the_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ResetHarness.StartAsync(new Dictionary<string, string?> { ["Enforcement:GroupName"] = "Mfa Required" }));
        Assert.Contains("Enforcement:GroupName", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string> StatusAsync(ResetHarness h, TeamsChat chat)
    {
        var skip = h.Connector.Calls.Count;
        await chat.SayAsync("status");
        var status = await chat.NextAsync(c => TestConnector.CardOf(c)?["fallbackText"]?.GetValue<string>().StartsWith("MFA status", StringComparison.Ordinal) == true, skip);
        return ResetHarness.CardText(status);
    }

}
