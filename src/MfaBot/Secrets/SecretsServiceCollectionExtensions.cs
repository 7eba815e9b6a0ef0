using MfaBot.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MfaBot.Secrets;

public static class SecretsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISecretProtector"/>: AES-256-GCM when "Secrets:Keys" has entries, otherwise
    /// ASP.NET Core Data Protection with its key ring under "&lt;Storage:DataFolder&gt;/keys".
    /// </summary>
    /// <param name="configuration">The root configuration (reads sections "Secrets" and "Storage").</param>
    public static IServiceCollection AddSecretProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLogging();
        services.AddStorageOptions(configuration);
        services.AddSingleton<IValidateOptions<SecretProtectionOptions>, SecretProtectionOptionsValidator>();
        services.AddOptions<SecretProtectionOptions>().Bind(configuration.GetSection(SecretProtectionOptions.Section)).ValidateOnStart();

        if (configuration.GetSection(SecretProtectionOptions.Section).GetSection(nameof(SecretProtectionOptions.Keys)).GetChildren().Any())
        {
            services.TryAddSingleton<ISecretProtector, AesGcmSecretProtector>();
            return services;
        }

        services.AddDataProtection().SetApplicationName("MfaBot");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((options, storage, loggers) =>
        {
            var folder = PrivateFiles.CreateFolder(DataProtectionSecretProtector.KeyRingFolder(storage.Value));
            options.XmlRepository = new FileSystemXmlRepository(folder, loggers);
        });
        services.TryAddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        return services;
    }
}
