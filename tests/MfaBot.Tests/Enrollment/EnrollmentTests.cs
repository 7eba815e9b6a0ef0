using System.Text;
using MfaBot.Iam;
using MfaBot.Otp;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Enrollment;

public class EnrollmentTests
{
    private static IIamGateway Iam(EnrollmentHarness h) => h.Bot.Services.GetRequiredService<IIamGateway>();

    private static bool IsDoneCard(TestConnector.Call c) =>
        c.Method == "PUT" && TestConnector.CardOf(c)?.ToJsonString().Contains("MFA is on", StringComparison.Ordinal) == true;

    [Fact]
    public async Task A_person_enrolls_end_to_end_and_no_secret_reaches_logs_or_disk()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var (c1, c2) = h.CodesNow(key);

        var skip = h.Connector.Calls.Count;
        var closed = await h.SubmitCodesAsync(chat, card.ResultId, c1, c2, IsDoneCard);

        Assert.Equal(card.ResultId, closed.ActivityId);
        Assert.Empty(QrDecoder.FindImageUrls(TestConnector.CardOf(closed)));
        var done = await chat.NextAsync(EnrollmentHarness.IsSuccessCard, skip);
        var devices = await Iam(h).ListMfaDevicesAsync(EnrollmentHarness.AlexEmail);
        var device = Assert.Single(devices);
        Assert.Contains(":mfa/mfabot/", device.SerialNumber, StringComparison.Ordinal);
        Assert.Contains(device.SerialNumber, TestConnector.CardOf(done)!.ToJsonString(), StringComparison.Ordinal);

        Assert.NotEmpty(h.Logs.Lines);
        await h.Bot.DisposeAsync();
        await SecretScan.AssertAbsentAsync(SecretScan.FormsOf(key, c1, c2), h.Logs.Lines, h.DataFolder);
    }

    [Fact]
    public async Task A_wrong_code_is_refused_with_attempts_left_and_a_retry_succeeds()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var (c1, c2) = h.CodesNow(key);
        var wrong = AuthenticatorCodes.Wrong(c1);

        var reply = await h.SubmitCodesAsync(chat, card.ResultId, wrong, c2);
        Assert.Contains("first code isn't valid", TestConnector.TextOf(reply), StringComparison.Ordinal);
        Assert.Contains("4 attempts left", TestConnector.TextOf(reply), StringComparison.Ordinal);
        Assert.Empty(await Iam(h).ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));

        await h.SubmitCodesAsync(chat, card.ResultId, c1, c2, IsDoneCard);
        Assert.Single(await Iam(h).ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
    }

    [Theory]
    [InlineData("same", "same code twice")]
    [InlineData("gap", "isn't the one that came right after it")]
    [InlineData("reversed", "reverse order")]
    public async Task Code_mistakes_get_precise_feedback(string mistake, string expected)
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var step = Totp.StepAt(h.Clock.GetUtcNow());
        var (c1, c2) = mistake switch
        {
            "same" => (Totp.Hotp(key, step), Totp.Hotp(key, step)),
            "gap" => (Totp.Hotp(key, step - 1), Totp.Hotp(key, step + 1)),
            _ => (Totp.Hotp(key, step), Totp.Hotp(key, step - 1)),
        };
        var reply = await h.SubmitCodesAsync(chat, card.ResultId, c1, c2);
        Assert.Contains(expected, TestConnector.TextOf(reply), StringComparison.Ordinal);
        Assert.Empty(await Iam(h).ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
    }

    [Theory]
    [InlineData("١٢٣٤٥٦", "digits 0–9 only")]
    [InlineData("１２３４５６", "digits 0–9 only")]
    [InlineData("12345", "exactly 6 digits")]
    [InlineData("12a456", "no letters")]
    public async Task Malformed_codes_are_refused_without_spending_an_attempt(string code, string expected)
    {
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?> { ["Enrollment:MaxFailedAttempts"] = "1" });
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var reply = await h.SubmitCodesAsync(chat, card.ResultId, code, "123456");
        Assert.Contains(expected, TestConnector.TextOf(reply), StringComparison.Ordinal);

        // With one attempt allowed, success now proves the malformed entry did not count.
        var (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(chat, card.ResultId, " " + c1[..3] + " " + c1[3..], c2, IsDoneCard);
    }

    [Fact]
    public async Task Too_many_wrong_codes_cancel_delete_the_device_and_cool_down()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var (c1, _) = h.CodesNow(key);
        TestConnector.Call reply = null!;
        for (var i = 0; i < 5; i++) reply = await h.SubmitCodesAsync(chat, card.ResultId, c1, c1, c => TestConnector.TextOf(c) is not null);
        Assert.True(TestConnector.TextOf(reply)!.Contains("last attempt", StringComparison.Ordinal), string.Join("\n", h.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal))));

        var replaced = h.Connector.Calls.Single(c => c.Method == "PUT" && c.ActivityId == card.ResultId);
        Assert.Empty(QrDecoder.FindImageUrls(TestConnector.CardOf(replaced)));
        Assert.Empty(await Iam(h).ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));

        var skip = h.Connector.Calls.Count;
        await chat.SayAsync("enroll");
        var paused = await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip);
        Assert.Contains("paused", TestConnector.TextOf(paused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unfinished_enrollment_expires_its_qr_and_device()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (card, _) = await h.StartEnrollmentAsync(chat);
        var skip = h.Connector.Calls.Count;

        h.Clock.Advance(TimeSpan.FromMinutes(11));

        var told = await chat.NextAsync(c => TestConnector.TextOf(c)?.Contains("expired", StringComparison.Ordinal) == true, skip);
        var replaced = h.Connector.Calls.Single(c => c.Method == "PUT" && c.ActivityId == card.ResultId);
        Assert.Empty(QrDecoder.FindImageUrls(TestConnector.CardOf(replaced)));
        Assert.Empty(await Iam(h).ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
        Assert.NotNull(told);
    }

    [Fact]
    public async Task An_enrollment_whose_device_was_removed_in_iam_still_expires_with_its_notice()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (card, _) = await h.StartEnrollmentAsync(chat);
        var device = Assert.Single(await Iam(h).ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
        await Iam(h).DeleteVirtualMfaDeviceAsync(device.SerialNumber);
        var skip = h.Connector.Calls.Count;

        h.Clock.Advance(TimeSpan.FromMinutes(11));

        await chat.NextAsync(c => TestConnector.TextOf(c)?.Contains("expired", StringComparison.Ordinal) == true, skip);
        var replaced = h.Connector.Calls.Single(c => c.Method == "PUT" && c.ActivityId == card.ResultId);
        Assert.Empty(QrDecoder.FindImageUrls(TestConnector.CardOf(replaced)));
    }

    [Fact]
    public async Task Cancel_removes_the_qr_and_the_device()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (card, _) = await h.StartEnrollmentAsync(chat);
        var skip = h.Connector.Calls.Count;
        await chat.SubmitAsync(card.ResultId, new() { ["step"] = "enroll.cancel" });
        var told = await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip);
        Assert.StartsWith("Cancelled", TestConnector.TextOf(told), StringComparison.Ordinal);
        var replaced = h.Connector.Calls.Single(c => c.Method == "PUT" && c.ActivityId == card.ResultId);
        Assert.Empty(QrDecoder.FindImageUrls(TestConnector.CardOf(replaced)));
        Assert.Empty(await Iam(h).ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));

        skip = h.Connector.Calls.Count;
        await chat.SayAsync("cancel");
        Assert.Contains("nothing to cancel", TestConnector.TextOf(await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_already_has_mfa_is_told_so_and_nothing_is_created()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(chat, card.ResultId, c1, c2, EnrollmentHarness.IsSuccessCard);

        var skip = h.Connector.Calls.Count;
        await chat.SayAsync("enroll");
        var reply = await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip);
        Assert.Contains("already has MFA", TestConnector.TextOf(reply), StringComparison.Ordinal);
        Assert.Single(await Iam(h).ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
    }

    [Fact]
    public async Task An_unmapped_person_gets_a_clear_message_and_no_iam_device()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat("29:nobody", "No Body");
        var skip = h.Connector.Calls.Count;
        await chat.SayAsync("enroll");
        var reply = await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip);
        Assert.Contains("no AWS IAM user is linked to nobody@example.com", TestConnector.TextOf(reply), StringComparison.Ordinal);
        Assert.Empty(await Iam(h).ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
    }

    [Fact]
    public async Task In_a_group_chat_no_qr_is_shown_and_the_person_is_invited_to_a_private_chat()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat(conversationType: "groupChat", conversationId: "19:group@thread.v2");
        var skip = h.Connector.Calls.Count;
        await chat.SayAsync("<at>MfaBot</at> enroll");
        var reply = await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip);
        Assert.Contains("private chat", TestConnector.TextOf(reply), StringComparison.Ordinal);
        var created = h.Connector.Calls.Single(c => c.Method == "CREATE");
        Assert.Equal(EnrollmentHarness.AlexId, created.Body!["members"]![0]!["id"]!.GetValue<string>());
        Assert.Contains(h.Connector.Calls, c => c.ConversationId == created.ResultId && TestConnector.TextOf(c)?.Contains("type **enroll**", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(h.Connector.Calls, c => QrDecoder.FindImageUrls(TestConnector.CardOf(c)).Any());
        Assert.Empty(await Iam(h).ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
    }

    [Fact]
    public async Task A_duplicate_delivery_of_the_same_activity_is_processed_once()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var activity = chat.Activity("message", a => a["text"] = "enroll");
        await chat.PostAsync(activity);
        await chat.PostAsync((System.Text.Json.Nodes.JsonObject)activity.DeepClone());
        await chat.NextAsync(c => TestConnector.CardOf(c) is not null, 0);
        await Task.Delay(500);
        Assert.Single(h.Connector.Calls, c => TestConnector.CardOf(c) is not null);
        Assert.Single(await Iam(h).ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
    }

    [Fact]
    public async Task Card_data_naming_another_person_is_ignored()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var alex = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(alex);
        var (c1, c2) = h.CodesNow(key);
        var tampered = EnrollmentHarness.Codes(c1, c2);
        tampered["userName"] = "meganb@example.com";
        tampered["iamUser"] = "meganb@example.com";
        tampered["serialNumber"] = "arn:aws:iam::123456789012:mfa/someone-else";

        // Megan submits Alex's card with data pointing at herself: she has no enrollment, so nothing happens.
        var megan = h.Chat("29:megan", "Megan Bowen");
        var skip = h.Connector.Calls.Count;
        await megan.SubmitAsync(card.ResultId, (System.Text.Json.Nodes.JsonObject)tampered.DeepClone());
        Assert.Contains("no MFA setup in progress", TestConnector.TextOf(await megan.NextAsync(c => TestConnector.TextOf(c) is not null, skip)), StringComparison.Ordinal);

        // Alex's own submission with the same extra fields enrolls Alex, and only Alex.
        skip = h.Connector.Calls.Count;
        await alex.SubmitAsync(card.ResultId, tampered);
        await alex.NextAsync(IsDoneCard, skip);
        Assert.Single(await Iam(h).ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Empty(await Iam(h).ListMfaDevicesAsync("meganb@example.com"));
    }

    [Fact]
    public async Task Two_concurrent_enrollments_for_one_person_create_one_device()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        // The same person in two conversations (e.g. desktop and phone) says enroll at once.
        var one = h.Chat();
        var two = h.Chat(conversationId: "personal-29:alex-second");
        await Task.WhenAll(one.SayAsync("enroll"), two.SayAsync("enroll"));
        await h.Connector.WaitForAsync(c => TestConnector.TextOf(c)?.Contains("already have an MFA setup in progress", StringComparison.Ordinal) == true);
        await h.Connector.WaitForAsync(c => TestConnector.CardOf(c) is not null);
        await Task.Delay(300);
        Assert.Single(h.Connector.Calls, c => TestConnector.CardOf(c) is { } card && QrDecoder.FindImageUrls(card).Any());
        Assert.Single(await Iam(h).ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
    }

    [Fact]
    public async Task Saying_enroll_again_shows_the_same_qr_again_and_closes_the_old_card()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (first, key) = await h.StartEnrollmentAsync(chat);

        var (second, againKey) = await h.StartEnrollmentAsync(chat);

        Assert.Equal(key, againKey);
        Assert.NotEqual(first.ResultId, second.ResultId);
        var closed = await chat.NextAsync(c => c.Method == "PUT" && c.ActivityId == first.ResultId, 0);
        Assert.Empty(QrDecoder.FindImageUrls(TestConnector.CardOf(closed)));
        Assert.Single(await Iam(h).ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
        var (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(chat, second.ResultId, c1, c2, IsDoneCard);
    }

    [Fact]
    public async Task An_enrollment_survives_a_restart_of_the_app()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var (card, key) = await h.StartEnrollmentAsync(h.Chat());

        await h.RestartAsync();

        var chat = h.Chat();
        var (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(chat, card.ResultId, c1, c2, IsDoneCard);
        Assert.Single(await Iam(h).ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
    }
}
