using System.Globalization;
using System.Runtime.ExceptionServices;
using MfaBot.Tests.Support;

namespace MfaBot.EndToEnd.Support;

/// <summary>
/// One scenario's world: MfaBot, the Agents Playground pointed at it and Chromium on the chat page, all in a temp folder.
/// A failed scenario keeps its screenshots and logs under <see cref="EndToEndPaths.ArtifactsRoot"/>.
/// </summary>
public sealed class EndToEndSession : IAsyncDisposable
{
    // Not kept whole: the browser and the playground rightly hold the QR's seed; MfaBotProcess keeps the bot's part.
    private readonly TempFolder _work = new(keep: false);
    private readonly string _screenshots;
    private readonly List<string> _playgroundLogs = [];
    private PlaygroundProcess? _playground;
    private ChromiumBrowser? _browser;
    private int _shot;

    private EndToEndSession() => _screenshots = Folder("screenshots");

    public MfaBotProcess Bot { get; private set; } = null!;

    public TeamsChatPage Chat { get; private set; } = null!;

    public string WorkFolder => _work.Path;

    /// <summary>
    /// Runs <paramref name="scenario"/> in a fresh session; on failure keeps artifacts and names them in the error.
    /// MFABOT_E2E_KEEP=1 keeps them after a pass too, to look at what the page showed.
    /// </summary>
    /// <param name="botSettings">Settings the bot starts with after the Development demo's own.</param>
    public static async Task RunAsync(string name, Func<EndToEndSession, Task> scenario, params string[] botSettings)
    {
        await using var session = new EndToEndSession();
        try
        {
            await session.StartAsync(botSettings);
            await scenario(session);
            if (Environment.GetEnvironmentVariable("MFABOT_E2E_KEEP") == "1") await session.KeepArtifactsAsync(name);
        }
        catch (Exception e)
        {
            var kept = await session.KeepArtifactsAsync(name);
            ExceptionDispatchInfo.Throw(new EndToEndFailureException($"{e.Message}\nArtifacts kept in {kept}", e));
        }
    }

    private async Task StartAsync(string[] botSettings)
    {
        Bot = await MfaBotProcess.StartAsync(Folder("bot-data"), Path.Combine(WorkFolder, "mfabot.log"), botSettings);
        await OpenPlaygroundAsync(port: null, configFile: null);
    }

    /// <summary>
    /// Closes the browser and the playground and starts them again as the current user of <paramref name="configFile"/>
    /// (the playground has no user picker), on the same port: the bot reaches earlier conversations through it. The new
    /// playground shows none of the earlier messages, as when a person restarts it.
    /// </summary>
    public async Task PlayAsAsync(string configFile)
    {
        var port = _playground!.Port;
        await CloseBrowserAndPlaygroundAsync();
        await OpenPlaygroundAsync(port, configFile);
    }

    private async Task OpenPlaygroundAsync(int? port, string? configFile)
    {
        var n = _playgroundLogs.Count + 1;
        var output = Path.Combine(WorkFolder, n == 1 ? "test-tool-output.log" : $"test-tool-output-{n}.log");
        _playgroundLogs.Add(output);
        _playground = await PlaygroundProcess.StartAsync(Bot.MessagesUrl, Folder("test-tool"), output, port, configFile);
        _browser = await ChromiumBrowser.LaunchAsync(Folder(n == 1 ? "chromium-profile" : $"chromium-profile-{n}"), Folder("chromium-tmp"));
        Chat = new TeamsChatPage(_browser.Page);
        await Chat.OpenAsync(_playground.Url);
    }

    private async Task CloseBrowserAndPlaygroundAsync()
    {
        // Each is stopped even if the other fails to stop.
        try
        {
            if (_browser is not null) await _browser.DisposeAsync();
        }
        finally
        {
            _browser = null;
            if (_playground is not null) await _playground.DisposeAsync();
            _playground = null;
        }
    }

    /// <summary>A numbered full-page screenshot, kept only if the scenario fails.</summary>
    public Task SnapshotAsync(string label) =>
        Chat.ScreenshotAsync(Path.Combine(_screenshots, $"{++_shot:D2}-{label}.png"));

    /// <summary>
    /// The README's pictures of the real cards: taken in every run (kept with the artifacts) and written to the folder
    /// named by MFABOT_E2E_SCREENSHOTS (docs/screenshots refreshes the README's).
    /// </summary>
    public async Task PictureAsync(string name, string marker)
    {
        var path = Path.Combine(_screenshots, name + ".png");
        await Chat.CardScreenshotAsync(marker, path);
        if (Environment.GetEnvironmentVariable("MFABOT_E2E_SCREENSHOTS") is { Length: > 0 } folder)
            File.Copy(path, Path.Combine(Directory.CreateDirectory(Path.GetFullPath(folder, EndToEndPaths.RepoRoot)).FullName, name + ".png"), overwrite: true);
    }

    /// <summary>Fails when axe-core finds a serious or critical accessibility problem in the cards on the page.</summary>
    public async Task ExpectAccessibleCardsAsync()
    {
        var problems = await Chat.AccessibilityProblemsAsync();
        Assert.True(problems.Count == 0, "axe-core found accessibility problems in the cards:\n" + string.Join("\n", problems));
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(WorkFolder, name)).FullName;

    private async Task<string> KeepArtifactsAsync(string name)
    {
        var target = Directory.CreateDirectory(Path.Combine(EndToEndPaths.ArtifactsRoot,
            $"{name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}")).FullName;
        if (Chat is not null)
        {
            try { await SnapshotAsync("at-end"); }
            catch (Exception e) { await File.WriteAllTextAsync(Path.Combine(target, "screenshot-failed.txt"), e.ToString()); }
        }
        foreach (var file in Directory.EnumerateFiles(_screenshots))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        // Logs are copied as they are now; the processes are still running, so a log may end mid-line.
        foreach (var log in (string[])[Path.Combine(WorkFolder, "mfabot.log"), Path.Combine(WorkFolder, "test-tool", "devTools", "m365agentsplayground.log"), .. _playgroundLogs])
            if (File.Exists(log))
                File.Copy(log, Path.Combine(target, Path.GetFileName(log)));
        return target;
    }

    public async ValueTask DisposeAsync()
    {
        // Browser, tool, bot: each is stopped even if an earlier one fails to stop.
        List<Exception> errors = [];
        try { await CloseBrowserAndPlaygroundAsync(); }
        catch (Exception e) { errors.Add(e); }
        try
        {
            if (Bot is not null) await Bot.DisposeAsync();
        }
        catch (Exception e) { errors.Add(e); }
        _work.Dispose();
        if (errors.Count > 0) throw new AggregateException(errors);
    }
}

public sealed class EndToEndFailureException(string message, Exception inner) : Exception(message, inner);
