using MfaBot.Tests.Support;

namespace MfaBot.Tests.IamSimulator;

/// <summary>The documented enrollment flow with the real AWS CLI, zbarimg and oathtool against the standalone-shaped simulator.</summary>
public sealed class CliEnrollmentTests : IAsyncLifetime
{
    private const string Serial = "arn:aws:iam::123456789012:mfa/my-mfa-device";
    private SimulatorServer _server = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        _server = await SimulatorServer.StartAsync(prefix: "/");
        _cli = new AwsCli(_server.Endpoint);
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Create_scan_enable_and_list_with_the_cli()
    {
        var secret = await CreateAndScanAsync();
        Assert.Matches("^[A-Z2-7]{32}$", secret);

        var (code1, code2) = await Authenticator.CodesAsync(secret);
        await _cli.JsonAsync("iam", "enable-mfa-device", "--user-name", "my-user", "--serial-number", Serial,
            "--authentication-code1", code1, "--authentication-code2", code2);

        var listed = await _cli.JsonAsync("iam", "list-mfa-devices", "--user-name", "my-user");
        var device = Assert.Single(listed.GetProperty("MFADevices").EnumerateArray());
        Assert.Equal(Serial, device.GetProperty("SerialNumber").GetString());
        Assert.Equal("my-user", device.GetProperty("UserName").GetString());
        Assert.True(device.GetProperty("EnableDate").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Wrong_codes_are_refused_and_change_nothing()
    {
        var secret = await CreateAndScanAsync();
        var (code1, code2) = await Authenticator.CodesAsync(secret);
        var wrong = ((int.Parse(code1) + 1) % 1_000_000).ToString("D6");

        await _cli.FailsAsync("InvalidAuthenticationCode", Enable(wrong, code2));
        await _cli.FailsAsync("InvalidAuthenticationCode", Enable(code2, code1)); // not in order
        await _cli.FailsAsync("InvalidAuthenticationCode", Enable(code1, code1)); // not consecutive

        var listed = await _cli.JsonAsync("iam", "list-mfa-devices", "--user-name", "my-user");
        Assert.Empty(listed.GetProperty("MFADevices").EnumerateArray());
    }

    [Fact]
    public async Task A_used_pair_is_not_accepted_again()
    {
        var secret = await CreateAndScanAsync();
        var (code1, code2) = await Authenticator.CodesAsync(secret);
        await _cli.JsonAsync(Enable(code1, code2));
        await _cli.JsonAsync("iam", "deactivate-mfa-device", "--user-name", "my-user", "--serial-number", Serial);

        await _cli.FailsAsync("InvalidAuthenticationCode", Enable(code1, code2));
    }

    [Fact]
    public async Task A_wrong_secret_key_gives_SignatureDoesNotMatch()
    {
        using var cli = new AwsCli(_server.Endpoint, secret: "not-the-secret-key-of-this-access-key");
        var error = await cli.FailsAsync("SignatureDoesNotMatch", "iam", "get-user");
        Assert.Contains("signature we calculated does not match", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_access_key_gives_InvalidClientTokenId()
    {
        using var cli = new AwsCli(_server.Endpoint, accessKeyId: "AKIAUNKNOWNKEY000000");
        await cli.FailsAsync("InvalidClientTokenId", "iam", "get-user");
    }

    private async Task<string> CreateAndScanAsync()
    {
        var created = await _cli.JsonAsync("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "my-mfa-device",
            "--outfile", "my-mfa-device-qr.png", "--bootstrap-method", "QRCodePNG");
        Assert.Equal(Serial, created.GetProperty("VirtualMFADevice").GetProperty("SerialNumber").GetString());

        var uri = await Authenticator.ReadQrAsync(Path.Combine(_cli.WorkDir, "my-mfa-device-qr.png"));
        Assert.Equal("otpauth", uri.Scheme);
        Assert.Equal("totp", uri.Host);
        Assert.Equal("/my-mfa-device@123456789012", uri.AbsolutePath);
        return Authenticator.SecretOf(uri);
    }

    private static string[] Enable(string code1, string code2) =>
        ["iam", "enable-mfa-device", "--user-name", "my-user", "--serial-number", Serial,
         "--authentication-code1", code1, "--authentication-code2", code2];
}
