using System.Text.Json.Nodes;
using MfaBot.LoadTest.Channel;
using MfaBot.LoadTest.Secrets;
using MfaBot.Otp;

namespace MfaBot.LoadTest.Scenarios;

/// <summary>
/// One person's enrollment as a channel drives it: "enroll" → the QR card (the seed read from its otpauth link, as a
/// phone would from the QR) → a submit of two consecutive codes → the card updated to success. Every seed and code is
/// written to the ledger.
/// </summary>
public sealed class EnrollmentFlow(ChannelClient client, SecretLedger ledger)
{
    /// <summary>The success card: a new message once the QR card is closed.</summary>
    public static bool IsSuccess(ConnectorCall call) =>
        call.Card?["fallbackText"]?.GetValue<string>().StartsWith("MFA is on for", StringComparison.Ordinal) == true;

    public sealed record Started(ChannelClient.Turn Turn, string CardId, byte[] Key);

    /// <summary>The QR card, or null with the bot's text when it answered with a message instead.</summary>
    public async Task<(Started? Card, ChannelClient.Turn Turn)> StartAsync(Person person, CancellationToken ct = default)
    {
        var turn = await client.TurnAsync(person, person.Message(client.ServiceUrl, "enroll"), IsQrOrAnswer, ct);
        var url = OtpAuthUrl(turn.Answer.Card);
        if (url is null) return (null, turn);
        var uri = OtpAuthUri.Parse(url);
        ledger.AddSeed(uri.Secret);
        return (new Started(turn, turn.Answer.ResultId, uri.SecretBytes()), turn);
    }

    /// <summary>
    /// Submits the codes an authenticator shows now. Every outcome ends in one message: the explanation of a refusal,
    /// or, after the QR card was closed, the success card. The turn ends there.
    /// </summary>
    public async Task<ChannelClient.Turn> SubmitCodesAsync(Person person, Started card, CancellationToken ct = default)
    {
        var step = Totp.StepAt(DateTimeOffset.UtcNow);
        var (code1, code2) = (Totp.Hotp(card.Key, step - 1), Totp.Hotp(card.Key, step));
        ledger.AddCodes(code1, code2);
        var value = new JsonObject { ["step"] = "enroll.codes", ["code1"] = code1, ["code2"] = code2 };
        return await client.TurnAsync(person, person.Submit(client.ServiceUrl, card.CardId, value),
            c => c.Text is not null || IsSuccess(c), ct);
    }

    public static bool Succeeded(ChannelClient.Turn codesTurn) => IsSuccess(codesTurn.Answer);

    /// <summary>The QR card, or the text the bot answered instead.</summary>
    private static bool IsQrOrAnswer(ConnectorCall call) => OtpAuthUrl(call.Card) is not null || call.Text is not null;

    /// <summary>The card's "Open in authenticator app" link: the same otpauth URI the QR image encodes.</summary>
    public static string? OtpAuthUrl(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "Action.OpenUrl" && o["url"]?.GetValue<string>() is { } u && u.StartsWith("otpauth://", StringComparison.Ordinal) => u,
        JsonObject o => o.Select(p => OtpAuthUrl(p.Value)).FirstOrDefault(u => u is not null),
        JsonArray a => a.Select(OtpAuthUrl).FirstOrDefault(u => u is not null),
        _ => null,
    };
}
