using System.Collections;
using Microsoft.Playwright;

namespace MfaBot.EndToEnd.Support;

/// <summary>Debian's Chromium, headless, driven by Playwright with a fresh profile and nothing talking to the internet.</summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;

    private ChromiumBrowser(IPlaywright playwright, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    /// <param name="profileFolder">A fresh, empty user-data folder.</param>
    /// <param name="tempFolder">Chromium's TMPDIR, so its temporary files stay inside the test's folder.</param>
    public static async Task<ChromiumBrowser> LaunchAsync(string profileFolder, string tempFolder)
    {
        var env = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        env["TMPDIR"] = tempFolder;
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profileFolder, new()
            {
                ExecutablePath = EndToEndPaths.Chromium,
                Headless = true,
                Args = Flags,
                Env = env,
                ViewportSize = new() { Width = 1280, Height = 1000 },
                // axe-core is added to the page as a script; the playground's content policy must not refuse it.
                BypassCSP = true,
                Timeout = 30_000,
            });
            context.SetDefaultTimeout(20_000);
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            return new ChromiumBrowser(playwright, context, page);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        _playwright.Dispose();
    }
}
