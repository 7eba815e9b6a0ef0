using System.Collections;
using System.ComponentModel;
using System.Reflection;

namespace MfaBot.Configuration;

/// <summary>
/// Reads configured values the way the configuration binder will (TypeDescriptor converters, invariant culture) and
/// names each one that would not convert, with what is expected. Values of settings that may hold secrets are not repeated.
/// </summary>
public static class SettingTypes
{
    private static readonly string[] SecretWords = ["secret", "password", "token", "connectionstring", "key"];

    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        foreach (var (section, type) in SettingsCatalog.Sections)
            foreach (var problem in ObjectProblems(section.Length == 0 ? configuration : configuration.GetSection(section), type))
                yield return problem;
        foreach (var (key, type) in SettingsCatalog.Values)
            if (ValueProblem(configuration.GetSection(key), type) is { } problem) yield return problem;
    }

    private static IEnumerable<string> ObjectProblems(IConfiguration section, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            // The binder sets values through public setters only; computed properties are not settings.
            if (IsLeaf(property.PropertyType) && property.SetMethod is not { IsPublic: true }) continue;
            var child = section.GetSection(property.Name);
            if (!child.Exists()) continue;
            foreach (var problem in NodeProblems(child, property.PropertyType)) yield return problem;
        }
    }

    private static IEnumerable<string> NodeProblems(IConfigurationSection node, Type type)
    {
        if (IsLeaf(type))
        {
            if (ValueProblem(node, type) is { } problem) yield return problem;
            yield break;
        }
        if (ElementType(type) is { } element)
        {
            foreach (var item in node.GetChildren())
                foreach (var problem in NodeProblems(item, element)) yield return problem;
            yield break;
        }
        foreach (var problem in ObjectProblems(node, type)) yield return problem;
    }

    private static string? ValueProblem(IConfigurationSection node, Type type)
    {
        if (!node.Exists()) return null;
        if (node.Value is null)
            return $"{node.Path} is a section, but a single value is expected: {Expected(type)}.";
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string) || (target != type && node.Value.Length == 0)) return null;
        try
        {
            TypeDescriptor.GetConverter(target).ConvertFromInvariantString(node.Value);
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException
                                     or InvalidCastException || e.InnerException is FormatException or OverflowException)
        {
            var shown = IsSecret(node.Path) ? "" : $" '{node.Value}'";
            return $"{node.Path}{shown} is not valid: expected {Expected(target)}.";
        }
    }

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(Uri) || t == typeof(Guid);
    }

    /// <summary>The element type of a list, array or set, or the value type of a dictionary keyed by string.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (!type.IsGenericType || !typeof(IEnumerable).IsAssignableFrom(type)) return null;
        var arguments = type.GetGenericArguments();
        return arguments.Length == 2 ? arguments[1] : arguments[0];
    }

    internal static string Expected(Type type) => type switch
    {
        _ when type == typeof(TimeSpan) => "a duration as [d.]hh:mm:ss[.fff], e.g. 00:10:00 for ten minutes or 1.00:00:00 for a day",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) => "a whole number",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number such as 0.5",
        _ when type == typeof(Uri) => "an absolute URL such as https://example.com/",
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ when Nullable.GetUnderlyingType(type) is { } inner => Expected(inner),
        _ => "a " + type.Name,
    };

    private static bool IsSecret(string path) => SecretWords.Any(w => path.Contains(w, StringComparison.OrdinalIgnoreCase));
}
