using MfaBot.Storage;
using MfaBot.Storage.Sqlite;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MfaBot.Tests.Storage;

public sealed class StateStoreRegistrationTests : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddStateStore(configuration).BuildServiceProvider();
    }

    [Fact]
    public async Task Sqlite_provider_is_the_default_and_writes_one_database_file_in_the_configured_folder()
    {
        using var services = Build(new() { ["Storage:DataFolder"] = _root.Path });
        var store = services.GetRequiredService<IStateStore>();
        Assert.IsType<SqliteStateStore>(store);
        await store.PutAsync("k", 1, null, CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(_root.Path, SqliteDatabase.FileName)));
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "state")));
        Assert.Empty(Directory.GetFiles(_root.Path, "*.json", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task File_provider_still_writes_the_former_json_files_when_chosen()
    {
        using var services = Build(new() { ["Storage:DataFolder"] = _root.Path, ["Storage:Provider"] = "File" });
        var store = services.GetRequiredService<IStateStore>();
        Assert.IsType<FileStateStore>(store);
        await store.PutAsync("k", 1, null, CancellationToken.None);
        Assert.Single(Directory.GetFiles(Path.Combine(_root.Path, "state")));
    }

    [Fact]
    public void Relative_data_folder_resolves_against_the_working_directory()
    {
        using var services = Build([]);
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "data"), options.FullDataFolder);
    }

    [Theory]
    [InlineData("Storage:Provider", "Cassandra", "Storage:Provider")]
    [InlineData("Storage:DataFolder", " ", "Storage:DataFolder")]
    public void Bad_settings_fail_validation_with_the_setting_named(string setting, string value, string named)
    {
        using var services = Build(new() { [setting] = value, ["Storage:DataFolder"] = setting == "Storage:DataFolder" ? value : _root.Path });
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStateStore>());
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }
}
