using System.Net;
using MfaBot.Iam;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Iam;

/// <summary>The MFA device operations against the simulator over real HTTP with SigV4.</summary>
public sealed class IamGatewayDeviceTests : IAsyncLifetime
{
    private SimulatorServer _sim = null!;
    private IamClient _client = null!;

    private IIamGateway Iam => _client.Gateway;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorServer.StartAsync();
        _client = IamClient.Create(_sim.Endpoint);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task Create_enable_list_deactivate_delete()
    {
        var created = await Iam.CreateVirtualMfaDeviceAsync("alice", tags: [new("purpose", "mfabot")]);
        Assert.Equal($"arn:aws:iam::{SimulatorServer.AccountId}:mfa/alice", created.SerialNumber);
        Assert.Matches("^[A-Z2-7]{32,}=*$", created.Seed.RevealBase32());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], created.QrCodePng[..4]);

        var (code1, code2) = Totp.TwoConsecutive(created.Seed);
        await Iam.EnableMfaDeviceAsync("alice", created.SerialNumber, code1, code2);

        var enabled = Assert.Single(await Iam.ListMfaDevicesAsync("alice"));
        Assert.Equal(("alice", created.SerialNumber), (enabled.UserName, enabled.SerialNumber));
        Assert.InRange(enabled.EnableDate, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        await Iam.DeactivateMfaDeviceAsync("alice", created.SerialNumber);
        Assert.Empty(await Iam.ListMfaDevicesAsync("alice"));
        await Iam.DeleteVirtualMfaDeviceAsync(created.SerialNumber);
        Assert.Empty(await Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
    }

    [Fact]
    public async Task The_QR_code_carries_the_same_seed()
    {
        var created = await Iam.CreateVirtualMfaDeviceAsync("qr-check");
        var png = Path.Combine(Path.GetTempPath(), $"mfabot-qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(png, created.QrCodePng);
        try
        {
            var scan = await ExternalTool.RunAsync("zbarimg", ["--raw", "-q", png]);
            Assert.Equal(0, scan.ExitCode);
            Assert.Contains("secret=" + created.Seed.RevealBase32(), scan.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public async Task Virtual_devices_are_listed_by_assignment_status_with_user_date_and_tags()
    {
        var assigned = await EnabledDeviceAsync("my-user", "my-phone");
        var spare = await Iam.CreateVirtualMfaDeviceAsync("spare", tags: [new("team", "ops")]);

        var any = await Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any);
        var onlyAssigned = Assert.Single(await Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Assigned));
        var onlyUnassigned = Assert.Single(await Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Unassigned));

        Assert.Equal(2, any.Count);
        Assert.Equal((assigned, "my-user"), (onlyAssigned.SerialNumber, onlyAssigned.UserName));
        Assert.NotNull(onlyAssigned.EnableDate);
        Assert.Equal((spare.SerialNumber, null, null), (onlyUnassigned.SerialNumber, onlyUnassigned.UserName, onlyUnassigned.EnableDate));
        Assert.Equal([new IamTag("team", "ops")], onlyUnassigned.Tags);
    }

    [Fact]
    public async Task Tagging_a_device_shows_in_the_listing()
    {
        var created = await Iam.CreateVirtualMfaDeviceAsync("tagged");

        await Iam.TagMfaDeviceAsync(created.SerialNumber, [new("enrolled-by", "mfabot"), new("ticket", "INC 42")]);

        var device = Assert.Single(await Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Unassigned));
        Assert.Equal([new IamTag("enrolled-by", "mfabot"), new IamTag("ticket", "INC 42")], device.Tags.OrderBy(t => t.Key));
    }

    [Fact]
    public async Task Resync_accepts_two_later_consecutive_codes_and_refuses_wrong_ones()
    {
        var seed = default(SecretSeed);
        var serial = await EnabledDeviceAsync("alice", "alice-phone", s => seed = s);
        var drifted = Totp.TwoConsecutive(seed!, DateTimeOffset.UtcNow.AddSeconds(90));

        await Iam.ResyncMfaDeviceAsync("alice", serial, drifted.First, drifted.Second);

        var e = await Assert.ThrowsAsync<IamException>(() => Iam.ResyncMfaDeviceAsync("alice", serial, "000000", "000000"));
        AssertIamError(e, IamErrorCodes.InvalidAuthenticationCode, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Wrong_codes_are_InvalidAuthenticationCode_and_leave_the_device_unassigned()
    {
        var created = await Iam.CreateVirtualMfaDeviceAsync("alice");
        var (code1, code2) = Totp.TwoConsecutive(created.Seed);

        var e = await Assert.ThrowsAsync<IamException>(() => Iam.EnableMfaDeviceAsync("alice", created.SerialNumber, code2, code1));

        AssertIamError(e, IamErrorCodes.InvalidAuthenticationCode, HttpStatusCode.Forbidden);
        Assert.Empty(await Iam.ListMfaDevicesAsync("alice"));
    }

    [Fact]
    public async Task Unknown_user_or_device_is_NoSuchEntity()
    {
        var created = await Iam.CreateVirtualMfaDeviceAsync("nosuch");
        var (code1, code2) = Totp.TwoConsecutive(created.Seed);

        AssertIamError(await Assert.ThrowsAsync<IamException>(() => Iam.EnableMfaDeviceAsync("bob", created.SerialNumber, code1, code2)),
            IamErrorCodes.NoSuchEntity, HttpStatusCode.NotFound);
        AssertIamError(await Assert.ThrowsAsync<IamException>(() => Iam.DeleteVirtualMfaDeviceAsync($"arn:aws:iam::{SimulatorServer.AccountId}:mfa/ghost")),
            IamErrorCodes.NoSuchEntity, HttpStatusCode.NotFound);
        AssertIamError(await Assert.ThrowsAsync<IamException>(() => Iam.ListMfaDevicesAsync("bob")),
            IamErrorCodes.NoSuchEntity, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_second_device_of_the_same_name_is_EntityAlreadyExists()
    {
        await Iam.CreateVirtualMfaDeviceAsync("twin");

        var e = await Assert.ThrowsAsync<IamException>(() => Iam.CreateVirtualMfaDeviceAsync("twin"));

        AssertIamError(e, IamErrorCodes.EntityAlreadyExists, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Deleting_an_assigned_device_is_DeleteConflict()
    {
        var serial = await EnabledDeviceAsync("alice", "alice-main");

        var e = await Assert.ThrowsAsync<IamException>(() => Iam.DeleteVirtualMfaDeviceAsync(serial));

        AssertIamError(e, IamErrorCodes.DeleteConflict, HttpStatusCode.Conflict);
        Assert.Single(await Iam.ListMfaDevicesAsync("alice"));
    }

    [Fact]
    public async Task The_ninth_device_of_a_user_is_LimitExceeded()
    {
        for (var i = 1; i <= 8; i++) await EnabledDeviceAsync("my-user", $"device-{i}");
        var ninth = await Iam.CreateVirtualMfaDeviceAsync("device-9");
        var (code1, code2) = Totp.TwoConsecutive(ninth.Seed);

        var e = await Assert.ThrowsAsync<IamException>(() => Iam.EnableMfaDeviceAsync("my-user", ninth.SerialNumber, code1, code2));

        AssertIamError(e, IamErrorCodes.LimitExceeded, HttpStatusCode.Conflict);
        Assert.Contains("MFADevicesPerUser: 8", e.Message, StringComparison.Ordinal);
        Assert.Equal(8, (await Iam.ListMfaDevicesAsync("my-user")).Count);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    public async Task An_invalid_device_name_is_a_ValidationError(string name)
    {
        var e = await Assert.ThrowsAsync<IamException>(() => Iam.CreateVirtualMfaDeviceAsync(name));

        AssertIamError(e, IamErrorCodes.ValidationError, HttpStatusCode.BadRequest);
        Assert.Empty(await Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
    }

    [Fact]
    public async Task Malformed_codes_are_a_ValidationError_whose_message_does_not_repeat_them()
    {
        var created = await Iam.CreateVirtualMfaDeviceAsync("alice");

        var e = await Assert.ThrowsAsync<IamException>(() => Iam.EnableMfaDeviceAsync("alice", created.SerialNumber, "12a456", "1234567"));

        AssertIamError(e, IamErrorCodes.ValidationError, HttpStatusCode.BadRequest);
        Assert.DoesNotContain("12a456", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1234567", e.Message, StringComparison.Ordinal);
    }

    private async Task<string> EnabledDeviceAsync(string user, string name, Action<SecretSeed>? seed = null)
    {
        var created = await Iam.CreateVirtualMfaDeviceAsync(name);
        var (code1, code2) = Totp.TwoConsecutive(created.Seed);
        await Iam.EnableMfaDeviceAsync(user, created.SerialNumber, code1, code2);
        seed?.Invoke(created.Seed);
        return created.SerialNumber;
    }

    internal static void AssertIamError(IamException e, string code, HttpStatusCode status)
    {
        Assert.Equal(code, e.Code);
        Assert.Equal(status, e.StatusCode);
        Assert.False(string.IsNullOrEmpty(e.RequestId), "the request id is carried");
        Assert.Contains(e.RequestId!, e.Message, StringComparison.Ordinal);
    }
}
