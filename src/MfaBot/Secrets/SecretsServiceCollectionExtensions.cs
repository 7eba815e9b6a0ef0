using MfaBot.Iam;
using MfaBot.Secrets.Kms;
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
    /// Registers <see cref="ISecretProtector"/>: AWS KMS envelope encryption when "Secrets:KmsKeyId" is set (opening
    /// "aes1:" envelopes too while "Secrets:Keys" is still configured); else AES-256-GCM when "Secrets:Keys" has
    /// entries; else ASP.NET Core Data Protection with its key ring under "&lt;Storage:DataFolder&gt;/keys".
    /// KMS calls are signed with the IAM client's credentials (register AddIamGateway for its settings).
    /// </summary>
    /// <param name="configuration">The root configuration (reads sections "Secrets" and "Storage").</param>
    public static IServiceCollection AddSecretProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLogging();
        services.AddStorageOptions(configuration);
        services.AddSingleton<IValidateOptions<SecretProtectionOptions>, SecretProtectionOptionsValidator>();
        services.AddOptions<SecretProtectionOptions>().Bind(configuration.GetSection(SecretProtectionOptions.Section)).ValidateOnStart();

        var section = configuration.GetSection(SecretProtectionOptions.Section);
        var hasKeys = section.GetSection(nameof(SecretProtectionOptions.Keys)).GetChildren().Any();
        if (!string.IsNullOrEmpty(section[nameof(SecretProtectionOptions.KmsKeyId)]))
        {
            services.AddKmsProtection(hasKeys);
            return services;
        }
        if (hasKeys)
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

    private static void AddKmsProtection(this IServiceCollection services, bool openAesEnvelopes)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IamCredentialSource>();
        services.TryAddSingleton<KmsClientSource>();
        services.TryAddSingleton<KmsDataKeys>();
        services.TryAddSingleton<KmsSecretProtector>();
        services.AddHostedService<KmsStartCheck>();
        if (!openAesEnvelopes)
        {
            services.TryAddSingleton<ISecretProtector>(sp => sp.GetRequiredService<KmsSecretProtector>());
            return;
        }
        services.TryAddSingleton<AesGcmSecretProtector>();
        services.TryAddSingleton<ISecretProtector>(sp => new CompositeSecretProtector(sp.GetRequiredService<KmsSecretProtector>(),
            new Dictionary<string, ISecretProtector>(StringComparer.Ordinal)
            {
                [KmsSecretProtector.Scheme] = sp.GetRequiredService<KmsSecretProtector>(),
                [AesGcmSecretProtector.Scheme] = sp.GetRequiredService<AesGcmSecretProtector>(),
            }));
    }
}
