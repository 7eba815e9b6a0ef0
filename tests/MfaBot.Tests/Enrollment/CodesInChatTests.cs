using MfaBot.Enrollment;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Enrollment;

/// <summary>Codes typed as chat messages in Teams while a setup waits for them.</summary>
public class CodesInChatTests
{
    private static bool IsText(TestConnector.Call c) => TestConnector.TextOf(c) is not null;

    private static string Spaced(string code) => code[..3] + " " + code[3..];

    [Theory]
    [InlineData("{0} {1}")]
    [InlineData("{2}, {3}")]
    [InlineData("{2}\n{3}")]
    public async Task Both_codes_in_one_message_enroll_the_person(string format)
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (_, key) = await h.StartEnrollmentAsync(chat);
        var (c1, c2) = h.CodesNow(key);

        var skip = h.Connector.Calls.Count;
        await EnrollmentHarness.TypeCodesAsync(chat, string.Format(null, format, c1, c2, Spaced(c1), Spaced(c2)), c1, c2);

        var done = await chat.NextAsync(EnrollmentHarness.IsSuccessCard, skip);
        var device = Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Contains(device.SerialNumber, TestConnector.CardOf(done)!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Connector.Calls.Skip(skip), IsText);

        await h.Bot.DisposeAsync();
        await SecretScan.AssertAbsentAsync(SecretScan.FormsOf(key, c1, c2), h.Logs.Lines, h.DataFolder);
    }

    [Fact]
    public async Task One_code_per_message_the_first_is_kept_sealed_and_the_second_enrolls()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (_, key) = await h.StartEnrollmentAsync(chat);
        var (c1, c2) = h.CodesNow(key);

        var skip = h.Connector.Calls.Count;
        await EnrollmentHarness.TypeCodesAsync(chat, Spaced(c1), c1);
        Assert.Equal(CodesInChat.FirstCodeKeptReply, TestConnector.TextOf(await chat.NextAsync(IsText, skip)));
        var kept = (await h.StoredEnrollmentAsync()).Value.ProtectedFirstCode;
        Assert.NotNull(kept);
        Assert.DoesNotContain(c1, kept, StringComparison.Ordinal);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));

        skip = h.Connector.Calls.Count;
        await EnrollmentHarness.TypeCodesAsync(chat, c2, c2);
        await chat.NextAsync(EnrollmentHarness.IsSuccessCard, skip);
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Empty(await h.EnrollmentKeysAsync());

        await h.Bot.DisposeAsync();
        await SecretScan.AssertAbsentAsync(SecretScan.FormsOf(key, c1, c2), h.Logs.Lines, h.DataFolder);
    }

    [Fact]
    public async Task A_wrong_code_typed_as_text_spends_an_attempt_and_uses_up_a_kept_first_code()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var (c1, c2) = h.CodesNow(key);
        var wrong = AuthenticatorCodes.Wrong(c1);

        var skip = h.Connector.Calls.Count;
        await EnrollmentHarness.TypeCodesAsync(chat, wrong + " " + c2, wrong, c2);
        var reply = TestConnector.TextOf(await chat.NextAsync(IsText, skip));
        Assert.Contains("first code isn't valid", reply, StringComparison.Ordinal);
        Assert.Contains("4 attempts left", reply, StringComparison.Ordinal);

        // One per message: a wrong first code is found out with the second, and is not kept for the next try.
        await EnrollmentHarness.TypeCodesAsync(chat, wrong, wrong);
        skip = h.Connector.Calls.Count;
        await EnrollmentHarness.TypeCodesAsync(chat, c2, c2);
        Assert.Contains("3 attempts left", TestConnector.TextOf(await chat.NextAsync(c => TestConnector.TextOf(c)?.Contains("attempts left", StringComparison.Ordinal) == true, skip)), StringComparison.Ordinal);
        Assert.Null((await h.StoredEnrollmentAsync()).Value.ProtectedFirstCode);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));

        // The card's inputs still work after codes were typed.
        await h.SubmitCodesAsync(chat, card.ResultId, c1, c2, EnrollmentHarness.IsSuccessCard);
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
    }

    [Theory]
    [InlineData("12345 654321", "exactly 6 digits")]
    [InlineData("123456 654321 111111", "please send two")]
    [InlineData("１２３４５６", "digits 0–9 only")]
    public async Task Malformed_typed_codes_are_explained_without_spending_an_attempt(string typed, string expected)
    {
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?> { ["Enrollment:MaxFailedAttempts"] = "1" });
        var chat = h.Chat();
        var (_, key) = await h.StartEnrollmentAsync(chat);

        var skip = h.Connector.Calls.Count;
        await EnrollmentHarness.TypeCodesAsync(chat, typed, typed.Split(' '));
        Assert.Contains(expected, TestConnector.TextOf(await chat.NextAsync(IsText, skip)), StringComparison.Ordinal);

        // With one attempt allowed, success now proves the malformed message did not count.
        var (c1, c2) = h.CodesNow(key);
        skip = h.Connector.Calls.Count;
        await EnrollmentHarness.TypeCodesAsync(chat, c1 + " " + c2, c1, c2);
        await chat.NextAsync(EnrollmentHarness.IsSuccessCard, skip);
    }

    [Fact]
    public async Task Digits_mean_nothing_without_a_setup_waiting_for_codes_and_other_text_still_gets_the_usual_answer()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();

        var skip = h.Connector.Calls.Count;
        await EnrollmentHarness.TypeCodesAsync(chat, "123456 654321", "123456", "654321");
        Assert.StartsWith("I didn't understand", TestConnector.TextOf(await chat.NextAsync(IsText, skip)), StringComparison.Ordinal);

        await h.StartEnrollmentAsync(chat);
        skip = h.Connector.Calls.Count;
        await chat.SayAsync("my code is 123456");
        Assert.StartsWith("I didn't understand", TestConnector.TextOf(await chat.NextAsync(IsText, skip)), StringComparison.Ordinal);
        Assert.Null((await h.StoredEnrollmentAsync()).Value.ProtectedFirstCode);
    }
}
