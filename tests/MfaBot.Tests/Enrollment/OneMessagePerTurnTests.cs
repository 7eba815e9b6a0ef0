using System.Text.Json.Nodes;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Enrollment;

/// <summary>Each turn of an enrollment answers with exactly one new message in the person's conversation.</summary>
public class OneMessagePerTurnTests
{
    private static bool IsText(TestConnector.Call c) => TestConnector.TextOf(c) is not null;

    private static bool IsCard(TestConnector.Call c) => TestConnector.CardOf(c) is not null && c.Method != "PUT";

    [Fact]
    public async Task Every_turn_of_a_full_enrollment_sends_exactly_one_new_message()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var turns = new List<(string Turn, int From)>();
        byte[] key = [];
        string c1 = "", c2 = "";

        async Task TurnAsync(string name, Func<Task> act, Func<TestConnector.Call, bool> answer)
        {
            var from = h.Connector.Calls.Count;
            turns.Add((name, from));
            await act();
            await chat.NextAsync(answer, from);
        }

        await TurnAsync("install", chat.InstallAsync, IsCard);
        await TurnAsync("enroll", async () => (_, key) = await h.StartEnrollmentAsync(chat), c => QrDecoder.FindImageUrls(TestConnector.CardOf(c)).Any());
        await TurnAsync("status while setting up", () => chat.SayAsync("status"), IsCard);
        (c1, c2) = h.CodesNow(key);
        var wrong = AuthenticatorCodes.Wrong(c1);
        await TurnAsync("a wrong pair typed", () => EnrollmentHarness.TypeCodesAsync(chat, wrong + " " + c2, wrong, c2), IsText);
        await TurnAsync("first code typed", () => EnrollmentHarness.TypeCodesAsync(chat, c1, c1), IsText);
        await TurnAsync("second code typed", () => EnrollmentHarness.TypeCodesAsync(chat, c2, c2), EnrollmentHarness.IsSuccessCard);
        await TurnAsync("status when enrolled", () => chat.SayAsync("status"), IsCard);
        await TurnAsync("cancel with nothing to cancel", () => chat.SayAsync("cancel"), IsText);
        await TurnAsync("help", () => chat.SayAsync("help"), IsCard);
        await Task.Delay(500); // anything a last turn sent late would show up by now

        var calls = h.Connector.Calls;
        var bounds = turns.Select(t => t.From).Append(calls.Count).ToArray();
        var counts = turns.Select((t, i) => (t.Turn, New: calls.Take(bounds[i + 1]).Skip(bounds[i])
            .Count(c => c.ConversationId == chat.ConversationId && c.Method is "POST" or "REPLY"))).ToList();
        Assert.All(counts, c => Assert.True(c.New == 1, $"'{c.Turn}' sent {c.New} new messages:\n" + string.Join("\n", calls.Select(TestConnector.Describe))));
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
    }

    [Fact]
    public async Task The_success_card_shows_the_arn_whole_and_how_to_use_mfa_behind_a_button()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var (c1, c2) = h.CodesNow(key);

        var skip = h.Connector.Calls.Count;
        await h.SubmitCodesAsync(chat, card.ResultId, c1, c2, EnrollmentHarness.IsSuccessCard);

        var serial = Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail)).SerialNumber;
        var doneCall = h.Connector.Calls.Skip(skip).Single(EnrollmentHarness.IsSuccessCard);
        var done = TestConnector.CardOf(doneCall)!;
        var arn = Assert.Single(Blocks(done["body"]), b => b["text"]?.GetValue<string>() == serial);
        Assert.Equal(("Monospace", true), (arn["fontType"]!.GetValue<string>(), arn["wrap"]!.GetValue<bool>()));
        Assert.DoesNotContain(serial, string.Concat(Blocks(done["body"]).Where(b => b["type"]!.GetValue<string>() == "FactSet").Select(b => b.ToJsonString())), StringComparison.Ordinal);
        // "How to use MFA" asks the bot, which answers with the details for the device IAM lists.
        Assert.Equal("enroll.usage", done["actions"]![0]!["data"]!["step"]!.GetValue<string>());
        var asked = h.Connector.Calls.Count;
        await chat.SubmitAsync(doneCall.ResultId, new JsonObject { ["step"] = "enroll.usage" });
        var usage = TestConnector.CardOf(await chat.NextAsync(c => TestConnector.CardOf(c)?["fallbackText"]?.GetValue<string>().StartsWith("How to use MFA", StringComparison.Ordinal) == true, asked))!;
        EnrollmentHarness.AssertHowToUse(string.Join('\n', Blocks(usage["body"]).Select(b => b["text"]!.GetValue<string>())), serial);

        // The QR card above was closed, not left showing the key.
        var closed = h.Connector.Calls.Skip(skip).Single(c => c.Method == "PUT" && c.ActivityId == card.ResultId);
        Assert.Empty(QrDecoder.FindImageUrls(TestConnector.CardOf(closed)));
        Assert.DoesNotContain("Can't scan?", TestConnector.CardOf(closed)!.ToJsonString(), StringComparison.Ordinal);
    }

    private static IEnumerable<JsonObject> Blocks(JsonNode? node) => node switch
    {
        JsonArray a => a.SelectMany(Blocks),
        JsonObject o when o["items"] is JsonArray items => [o, .. Blocks(items)],
        JsonObject o => [o],
        _ => [],
    };
}
