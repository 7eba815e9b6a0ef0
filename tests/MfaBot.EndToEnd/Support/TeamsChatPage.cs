using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace MfaBot.EndToEnd.Support;

/// <summary>The playground's Teams chat, used as a person uses it: type in the composer, read cards, fill inputs, click buttons.</summary>
public sealed partial class TeamsChatPage(IPage page)
{
    private const string Composer = "[data-lexical-editor=\"true\"][contenteditable=\"true\"]";
    private const string Cards = ".ac-adaptiveCard";

    public IPage Page => page;

    /// <summary>Images whose source is a PNG inside the message: how the QR code arrives.</summary>
    public ILocator PngImages => page.Locator($"{Cards} img[src^=\"data:image/png\"]");

    /// <summary>Opens the chat and waits for the bot's welcome, which proves the tool reached the bot.</summary>
    public async Task OpenAsync(string url)
    {
        await page.GotoAsync(url);
        await page.Locator(Composer).WaitForAsync();
        await page.Locator(Cards).GetByText("MfaBot").First.WaitForAsync();
    }

    public async Task SendAsync(string text)
    {
        await page.Locator(Composer).ClickAsync();
        await page.Keyboard.TypeAsync(text, new() { Delay = 20 });
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>The QR code as the page shows it: the PNG bytes behind the card's image.</summary>
    public async Task<byte[]> ReadQrPngAsync()
    {
        var image = PngImages.Last;
        await image.WaitForAsync();
        var src = await image.GetAttributeAsync("src") ?? "";
        return Convert.FromBase64String(src[(src.IndexOf(',', StringComparison.Ordinal) + 1)..]);
    }

    /// <summary>
    /// Opens a conversation from the left pane: "Personal Chat", "Group Chat" or a channel of My Team ("General").
    /// The page then shows that conversation's messages only (the playground may greet the bot there first).
    /// </summary>
    public async Task OpenConversationAsync(string name)
    {
        await page.GetByRole(AriaRole.Treeitem).Filter(new() { HasText = name }).First.ClickAsync();
        // A channel has a composer for a new post and one under each post to reply.
        await page.Locator(Composer).First.WaitForAsync();
    }

    /// <summary>Types into the card input (one line or multiline) showing <paramref name="placeholder"/>.</summary>
    public async Task TypeIntoAsync(string placeholder, string text)
    {
        var input = page.Locator($"{Cards} :is(input, textarea)[placeholder=\"{placeholder}\"]").Last;
        await input.ClickAsync();
        await input.PressAsync("Control+A");
        await input.PressAsync("Backspace");
        await input.PressSequentiallyAsync(text, new() { Delay = 30 });
    }

    public Task ClickAsync(string button) => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    /// <param name="timeout">Longer than the page's usual 20 s, for a message the bot sends on its own schedule.</param>
    public Task WaitForTextAsync(string text, TimeSpan? timeout = null) =>
        page.GetByText(text).First.WaitForAsync(new() { Timeout = (float?)timeout?.TotalMilliseconds });

    /// <summary>
    /// How many text messages in the open conversation contain <paramref name="text"/>: the messages' paragraphs,
    /// not the log panel or the left pane's previews, which show other conversations' messages too.
    /// </summary>
    public Task<int> MessagesWithTextAsync(string text) => page.Locator("p", new() { HasText = text }).CountAsync();

    /// <summary>All text of the cards in the conversation.</summary>
    public async Task<string> CardsTextAsync() => string.Join('\n', await page.Locator(Cards).AllTextContentsAsync());

    /// <summary>The text of the one card that contains <paramref name="marker"/>.</summary>
    public Task<string> CardTextAsync(string marker) => page.Locator(Cards, new() { HasText = marker }).TextContentAsync()!;

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new() { Path = path, FullPage = true });

    /// <summary>
    /// A picture of the newest card containing <paramref name="marker"/>, as the renderer drew it. QR codes and
    /// setup keys are covered: the picture may be published, and they are a seed even when it is only the simulator's.
    /// </summary>
    public async Task CardScreenshotAsync(string marker, string path)
    {
        var card = page.Locator(Cards, new() { HasText = marker }).Last;
        await card.ScrollIntoViewIfNeededAsync();
        ILocator[] secrets = [card.Locator("img[src^=\"data:image/png\"]"), card.GetByText(SetupKey())];
        await card.ScreenshotAsync(new() { Path = path, Mask = secrets, MaskColor = "#d0d0d0" });
    }

    /// <summary>axe-core's serious and critical findings on the cards now on the page, one line each.</summary>
    public async Task<IReadOnlyList<string>> AccessibilityProblemsAsync()
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
            await page.AddScriptTagAsync(new() { Path = EndToEndPaths.AxeScript });
        return await page.EvaluateAsync<string[]>(
            """
            async selector => {
              const result = await axe.run({ include: [[selector]] }, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .flatMap(v => v.nodes.map(n => `${v.impact} ${v.id}: ${v.help} at ${n.target.join(' ')}: ${n.failureSummary}`));
            }
            """, Cards);
    }

    /// <summary>A setup key as the card groups it: Base32 in groups of four.</summary>
    [GeneratedRegex("^([A-Z2-7]{4} ){3,}[A-Z2-7]{1,4}$")]
    private static partial Regex SetupKey();
}
