using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using MfaBot.Iam;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Iam;

/// <summary>The shipped least-privilege policy grants exactly the IAM actions the gateway sends.</summary>
public class IamPolicyTests
{
    [Fact]
    public async Task The_policy_grants_every_action_the_gateway_calls_and_nothing_more()
    {
        var sent = await ActionsSentByEveryGatewayMethodAsync();
        var granted = GrantedActions();
        Assert.Equal(sent.Order(), granted.Order());
    }

    [Fact]
    public void Device_management_is_limited_to_the_bots_path()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(PolicyPath()));
        foreach (var statement in policy.RootElement.GetProperty("Statement").EnumerateArray())
        {
            Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
            var actions = statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()).ToList();
            Assert.DoesNotContain(actions, a => a!.Contains('*', StringComparison.Ordinal));
            if (actions.Contains("iam:CreateVirtualMFADevice") || actions.Contains("iam:DeleteVirtualMFADevice"))
                Assert.Equal("arn:aws:iam::*:mfa/mfabot/*", statement.GetProperty("Resource").GetString());
        }
    }

    [Fact]
    public void Group_membership_is_limited_to_the_enforcement_group_and_the_listing_to_users()
    {
        var statements = Statements();
        // AddUserToGroup authorizes against the group: only the one enforcement group (admins edit its name).
        Assert.Equal("arn:aws:iam::*:group/MfaRequired", Assert.Single(statements, s => s.Actions.Contains("iam:AddUserToGroup")).Resource);
        Assert.Equal(["iam:AddUserToGroup"], Assert.Single(statements, s => s.Actions.Contains("iam:AddUserToGroup")).Actions);
        // ListGroupsForUser authorizes against the user (Service Authorization Reference: user*), so it cannot name the group.
        var listing = Assert.Single(statements, s => s.Actions.Contains("iam:ListGroupsForUser"));
        Assert.Equal(["iam:ListGroupsForUser"], listing.Actions);
        Assert.Equal("arn:aws:iam::*:user/*", listing.Resource);
        Assert.DoesNotContain(statements.SelectMany(s => s.Actions), a => a is "iam:RemoveUserFromGroup" or "iam:GetGroup");
    }

    private static List<(List<string> Actions, string? Resource)> Statements()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(PolicyPath()));
        return [.. policy.RootElement.GetProperty("Statement").EnumerateArray().Select(s =>
            (s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!).ToList(), s.GetProperty("Resource").GetString()))];
    }

    private static HashSet<string> GrantedActions()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(PolicyPath()));
        return policy.RootElement.GetProperty("Statement").EnumerateArray()
            .SelectMany(s => s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Calls each IIamGateway method once against the simulator and records the Action each request carried.</summary>
    private static async Task<HashSet<string>> ActionsSentByEveryGatewayMethodAsync()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var recorded = new ConcurrentBag<string>();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Iam:ServiceUrl"] = simulator.Endpoint.ToString(),
            ["Iam:AccessKeyId"] = SimulatorServer.AccessKeyId,
            ["Iam:SecretAccessKey"] = SimulatorServer.SecretAccessKey,
            ["Iam:MaxAttempts"] = "1",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddIamGateway(config.GetSection("Iam"));
        services.AddHttpClient(IamServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => new ActionRecorder(recorded));
        var gateway = services.BuildServiceProvider().GetRequiredService<IIamGateway>();

        foreach (var method in typeof(IIamGateway).GetMethods())
        {
            var args = method.GetParameters().Select(ArgumentFor).ToArray();
            try
            {
                await (Task)method.Invoke(gateway, args)!;
            }
            catch (IamException)
            {
                // Refused by IAM is fine: the request was sent with its action.
            }
        }
        Assert.Equal(typeof(IIamGateway).GetMethods().Length, recorded.Distinct().Count());
        return recorded.Select(a => "iam:" + a).ToHashSet(StringComparer.Ordinal);
    }

    private static object? ArgumentFor(ParameterInfo p) => p.ParameterType switch
    {
        var t when t == typeof(string) => p.Name!.Contains("serial", StringComparison.OrdinalIgnoreCase) ? "arn:aws:iam::123456789012:mfa/x" : "my-user",
        var t when t == typeof(IReadOnlyList<IamTag>) => new List<IamTag> { new("k", "v") },
        var t when t == typeof(CancellationToken) => CancellationToken.None,
        var t when t.IsEnum => Enum.GetValues(t).GetValue(0),
        _ => null,
    };

    private static string PolicyPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MfaBot.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "deploy", "aws", "mfabot-iam-policy.json");
    }

    private sealed class ActionRecorder(ConcurrentBag<string> recorded) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            var action = body.Split('&').First(p => p.StartsWith("Action=", StringComparison.Ordinal))["Action=".Length..];
            recorded.Add(action);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
