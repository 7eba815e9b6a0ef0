using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace MfaBot.Configuration;

public static class AnnotatedOptions
{
    /// <summary>
    /// Validates the data annotations of the options and of every settings object and list they hold (the framework's
    /// ValidateDataAnnotations stops at the top level), each failure as one line naming the setting by its full path.
    /// </summary>
    public static OptionsBuilder<TOptions> ValidateAnnotations<TOptions>(this OptionsBuilder<TOptions> builder, string section) where TOptions : class
    {
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new AnnotationsValidator<TOptions>(section));
        return builder;
    }

    private sealed class AnnotationsValidator<TOptions>(string section) : IValidateOptions<TOptions> where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var failures = new List<string>();
            Collect(options, section, failures);
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }

    private static void Collect(object value, string path, List<string> failures)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        foreach (var result in results)
            foreach (var member in result.MemberNames.DefaultIfEmpty(""))
                failures.Add(Line(path, member, result.ErrorMessage ?? "is not valid."));

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetValue(value) is not { } child) continue;
            if (IsSettingsObject(child.GetType())) Collect(child, $"{path}:{property.Name}", failures);
            else if (child is IList list)
                for (var i = 0; i < list.Count; i++)
                    if (list[i] is { } item && IsSettingsObject(item.GetType())) Collect(item, $"{path}:{property.Name}:{i}", failures);
        }
    }

    /// <summary>Our own messages already start with the setting's path; the framework's say "The field X …".</summary>
    private static string Line(string path, string member, string message)
    {
        var setting = member.Length == 0 ? path : $"{path}:{member}";
        if (message.StartsWith(setting, StringComparison.Ordinal)) return message;
        var field = $"The field {member} ";
        return message.StartsWith(field, StringComparison.Ordinal) ? setting + " " + message[field.Length..] : $"{setting}: {message}";
    }

    private static bool IsSettingsObject(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("MfaBot", StringComparison.Ordinal) == true;
}
