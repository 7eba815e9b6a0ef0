using System.Text.Json;
using System.Text.RegularExpressions;
using MfaBot.EndToEnd.Support;
using MfaBot.Hosting;
using MfaBot.Otp;
using MfaBot.Tests.Support;

namespace MfaBot.EndToEnd;

/// <summary>A person enrolls through the Microsoft 365 Agents Playground in Chromium, and the AWS CLI confirms the result.</summary>
[Collection(OnePlayground.Name)]
public class EnrollmentInTeamsTests
{
    [Fact]
    public Task A_person_enrolls_from_the_chat_and_the_qr_code_is_gone_afterwards() =>
        EndToEndSession.RunAsync(nameof(A_person_enrolls_from_the_chat_and_the_qr_code_is_gone_afterwards), async s =>
        {
            await s.PictureAsync("welcome", "MfaBot");
            await s.ExpectAccessibleCardsAsync();
            var qr = await ChatEnrollment.StartAsync(s, picture: true);
            var (first, second) = await Authenticator.TwoConsecutiveCodesAsync(qr.Secret);

            await ChatEnrollment.SubmitCodesAsync(s, first, second);

            await ChatEnrollment.ExpectEnrolledAsync(s, qr);
            await s.PictureAsync("success", "MFA is on for");
            await s.ExpectAccessibleCardsAsync();
            Assert.Contains("Now listening on", s.Bot.Log, StringComparison.Ordinal);
            // The console greets whoever started the demo with the playground this test ran, at the same pinned version.
            Assert.Contains("MfaBot Development demo: listening on", s.Bot.Log, StringComparison.Ordinal);
            Assert.Contains("npx -y " + DevelopmentWelcome.PlaygroundPackage + " -e ", s.Bot.Log, StringComparison.Ordinal);
            using var pins = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(EndToEndPaths.RepoRoot, "tests", "MfaBot.EndToEnd", "tool", "package.json")));
            var pinned = pins.RootElement.GetProperty("devDependencies").GetProperty("@microsoft/m365agentsplayground").GetString();
            Assert.Equal(DevelopmentWelcome.PlaygroundPackage, "@microsoft/m365agentsplayground@" + pinned);
            foreach (var secret in new[] { qr.Secret, ChatEnrollment.Grouped(qr.Secret), first, second })
                Assert.DoesNotContain(secret, s.Bot.Log, StringComparison.Ordinal);
        });

    [Fact]
    public Task A_wrong_code_is_refused_with_a_helpful_message_and_a_retry_succeeds() =>
        EndToEndSession.RunAsync(nameof(A_wrong_code_is_refused_with_a_helpful_message_and_a_retry_succeeds), async s =>
        {
            var qr = await ChatEnrollment.StartAsync(s);
            var (first, second) = await Authenticator.TwoConsecutiveCodesAsync(qr.Secret);
            var typo = first[..5] + (char)('0' + (first[5] - '0' + 1) % 10);

            await ChatEnrollment.SubmitCodesAsync(s, typo, second);
            await s.Chat.WaitForTextAsync("The first code isn't valid now");
            await s.Chat.WaitForTextAsync("4 attempts left");
            await s.SnapshotAsync("wrong-code-refused");
            Assert.Equal(1, await s.Chat.PngImages.CountAsync());
            Assert.Empty(await ChatEnrollment.ListMfaDevicesAsync(s));

            (first, second) = await Authenticator.TwoConsecutiveCodesAsync(qr.Secret);
            await ChatEnrollment.SubmitCodesAsync(s, first, second);

            await ChatEnrollment.ExpectEnrolledAsync(s, qr);
        });
}
