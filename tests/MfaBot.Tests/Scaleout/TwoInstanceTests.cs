using System.Text.Json.Nodes;
using MfaBot.Iam;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Scaleout;

/// <summary>Two bot instances behind an imaginary load balancer, on one PostgreSQL database and one IAM.</summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private SharedDeployment _shared = null!;
    private EnrollmentHarness _h = null!;
    private BotServer _a = null!;
    private BotServer _b = null!;

    public async Task InitializeAsync()
    {
        _shared = await SharedDeployment.StartAsync(_clock);
        _h = await EnrollmentHarness.StartAsync(_shared.Settings, _clock);
        _a = _h.Bot;
        _b = await _h.StartInstanceAsync("b");
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        await _shared.DisposeAsync();
    }

    private IIamGateway Iam => _a.Services.GetRequiredService<IIamGateway>();

    private static bool IsDoneCard(TestConnector.Call c) =>
        c.Method == "PUT" && TestConnector.CardOf(c)?.ToJsonString().Contains("MFA is on", StringComparison.Ordinal) == true;

    [Fact]
    public async Task A_conversation_whose_turns_alternate_between_instances_completes()
    {
        var viaA = _h.Chat(via: _a);
        var viaB = _h.Chat(via: _b);
        var (card, key) = await _h.StartEnrollmentAsync(viaA);
        var (c1, c2) = _h.CodesNow(key);
        var wrong = ((int.Parse(c1) + 1) % 1_000_000).ToString("D6");

        var reply = await _h.SubmitCodesAsync(viaB, card.ResultId, wrong, c2);
        Assert.Contains("4 attempts left", TestConnector.TextOf(reply), StringComparison.Ordinal);

        var skip = _h.Connector.Calls.Count;
        await viaA.SayAsync("status");
        var status = await viaA.NextAsync(c => TestConnector.CardOf(c) is not null, skip);
        Assert.Contains("MFA status", TestConnector.CardOf(status)!.ToJsonString(), StringComparison.Ordinal);

        var done = await _h.SubmitCodesAsync(viaB, card.ResultId, c1, c2, IsDoneCard);
        Assert.Equal(card.ResultId, done.ActivityId);
        Assert.Single(await Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
    }

    [Fact]
    public async Task An_activity_delivered_to_both_instances_is_processed_once()
    {
        var viaA = _h.Chat(via: _a);
        var viaB = _h.Chat(via: _b);
        var activity = viaA.Activity("message", a => a["text"] = "enroll");
        await Task.WhenAll(viaA.PostAsync(activity), viaB.PostAsync((JsonObject)activity.DeepClone()));

        await viaA.NextAsync(c => TestConnector.CardOf(c) is not null, 0);
        await Task.Delay(700);
        Assert.Single(_h.Connector.Calls, c => TestConnector.CardOf(c) is not null);
        Assert.Single(_h.Connector.Calls); // the QR card (it carries the introduction), nothing from the duplicate
        Assert.Single(await Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
    }

    [Fact]
    public async Task An_expired_enrollment_is_closed_once_although_both_instances_sweep()
    {
        var (card, _) = await _h.StartEnrollmentAsync(_h.Chat(via: _b));
        var skip = _h.Connector.Calls.Count;

        _clock.Advance(TimeSpan.FromMinutes(11));

        await _h.Connector.WaitForAsync(c => TestConnector.TextOf(c)?.Contains("expired", StringComparison.Ordinal) == true, skip);
        await Task.Delay(1000); // several more sweep intervals of both instances
        Assert.Single(_h.Connector.Calls.Skip(skip), c => TestConnector.TextOf(c)?.Contains("expired", StringComparison.Ordinal) == true);
        Assert.Single(_h.Connector.Calls.Skip(skip), c => c.Method == "PUT" && c.ActivityId == card.ResultId);
        Assert.Empty(await Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
    }
}
