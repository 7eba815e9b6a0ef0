using System.IO.Compression;
using System.Text.Json.Nodes;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Cards;

public sealed class TeamsManifestTests : IDisposable
{
    private const string AppId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private readonly string _manifestPath = RepoFiles.PathOf("manifest", "teams", "manifest.json");
    private readonly string _out = Directory.CreateTempSubdirectory("mfabot-manifest-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private JsonNode Manifest => JsonNode.Parse(File.ReadAllText(_manifestPath))!;

    [Fact]
    public async Task The_manifest_is_valid_against_the_teams_1_29_schema()
    {
        var result = await RepoFiles.RunValidatorAsync("validate-manifest.mjs", _manifestPath);
        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
    }

    [Fact]
    public async Task The_schema_check_rejects_a_non_guid_bot_id_and_unknown_properties()
    {
        var broken = Manifest;
        broken["bots"]![0]!["botId"] = "${{BOT_ID}}";
        broken["colour"] = "#000000";
        var path = Path.Combine(_out, "broken.json");
        File.WriteAllText(path, broken.ToJsonString());

        var result = await RepoFiles.RunValidatorAsync("validate-manifest.mjs", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/bots/0/botId", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("colour", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bot_is_conversational_in_personal_scope_with_the_user_commands()
    {
        var bot = Manifest["bots"]![0]!;
        Assert.Equal("1.29", Manifest["manifestVersion"]!.GetValue<string>());
        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.False(bot["isNotificationOnly"]!.GetValue<bool>());
        Assert.False(bot["supportsFiles"]!.GetValue<bool>());
        var personal = bot["commandLists"]!.AsArray().Single(l => l!["scopes"]!.AsArray().Any(s => s!.GetValue<string>() == "personal"))!;
        Assert.Equal(["enroll", "status", "cancel", "reset", "help"], personal["commands"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("color", 192)]
    [InlineData("outline", 32)]
    public void Icons_have_the_sizes_teams_requires(string icon, int size)
    {
        var png = PngPixels.Read(RepoFiles.PathOf("manifest", "teams", Manifest["icons"]![icon]!.GetValue<string>()));
        Assert.Equal((size, size), (png.Width, png.Height));
    }

    [Fact]
    public void The_outline_icon_is_white_on_transparent()
    {
        var png = PngPixels.Read(RepoFiles.PathOf("manifest", "teams", "outline.png"));
        var pixels = Enumerable.Range(0, png.Height).SelectMany(y => Enumerable.Range(0, png.Width).Select(x => png.At(x, y))).ToArray();
        Assert.All(pixels.Where(p => p.A > 0), p => Assert.Equal((255, 255, 255), (p.R, p.G, p.B)));
        Assert.InRange(pixels.Count(p => p.A == 0), pixels.Length / 3, pixels.Length - 1);
        Assert.Contains(pixels, p => p.A == 255);
    }

    [Fact]
    public async Task Package_script_zips_the_manifest_with_the_app_id_and_both_icons_at_the_root()
    {
        var zip = Path.Combine(_out, "app.zip");
        var result = await ExternalTool.RunAsync(RepoFiles.PathOf("manifest", "teams", "package.sh"), [AppId, zip], workingDirectory: _out);
        Assert.True(result.ExitCode == 0, result.StdErr);

        using (var archive = ZipFile.OpenRead(zip))
        {
            Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order());
            archive.GetEntry("manifest.json")!.ExtractToFile(Path.Combine(_out, "manifest.json"));
        }
        var packaged = JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "manifest.json")))!;
        Assert.Equal(AppId, packaged["id"]!.GetValue<string>());
        Assert.Equal(AppId, packaged["bots"]![0]!["botId"]!.GetValue<string>());
        Assert.DoesNotContain("00000000-0000-0000-0000-000000000000", packaged.ToJsonString(), StringComparison.Ordinal);
        var valid = await RepoFiles.RunValidatorAsync("validate-manifest.mjs", Path.Combine(_out, "manifest.json"));
        Assert.True(valid.ExitCode == 0, valid.StdOut);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Package_script_refuses_a_missing_or_placeholder_app_id(string appId)
    {
        var zip = Path.Combine(_out, "app.zip");
        var result = await ExternalTool.RunAsync(RepoFiles.PathOf("manifest", "teams", "package.sh"), [appId, zip], workingDirectory: _out);
        Assert.Equal(2, result.ExitCode);
        Assert.False(File.Exists(zip));
    }
}
