namespace MfaBot.Iam;

/// <summary>Where IAM is reached and which region its requests are signed for.</summary>
public sealed record IamEndpoint(Uri ServiceUrl, string SigningRegion);

/// <summary>IAM is a global service with one endpoint per AWS partition.</summary>
public static class IamPartitions
{
    private static readonly Dictionary<string, IamEndpoint> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        ["aws"] = new(new Uri("https://iam.amazonaws.com/"), "us-east-1"),
        ["aws-cn"] = new(new Uri("https://iam.cn-north-1.amazonaws.com.cn/"), "cn-north-1"),
        ["aws-us-gov"] = new(new Uri("https://iam.us-gov.amazonaws.com/"), "us-gov-west-1"),
    };

    public static IReadOnlyCollection<string> Names => Table.Keys;

    public static bool TryGet(string partition, out IamEndpoint endpoint) => Table.TryGetValue(partition, out endpoint!);

    /// <summary>The endpoint the options select (call after validation).</summary>
    public static IamEndpoint Resolve(IamOptions options)
    {
        if (!TryGet(options.Partition, out var partition))
        {
            throw new ArgumentException($"Unknown IAM partition '{options.Partition}'.", nameof(options));
        }
        return new IamEndpoint(options.ServiceUrl ?? partition.ServiceUrl, options.SigningRegion ?? partition.SigningRegion);
    }
}
