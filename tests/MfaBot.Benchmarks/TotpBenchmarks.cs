using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using MfaBot.Enrollment;
using MfaBot.Otp;

namespace MfaBot.Benchmarks;

/// <summary>The TOTP work of one code submission (Otp.NET): verify against ±1 step, and the bot's two-code check.</summary>
[MemoryDiagnoser]
public class TotpBenchmarks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(20);
    private readonly DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private string _current = "";
    private string _previous = "";

    [GlobalSetup]
    public void Setup()
    {
        var step = Totp.StepAt(_now);
        _current = Totp.Hotp(_key, step);
        _previous = Totp.Hotp(_key, step - 1);
    }

    [Benchmark]
    public string Generate() => Totp.Generate(_key, _now);

    [Benchmark]
    public long? VerifyWindowOfOne() =>
        new OtpNet.Totp(_key).VerifyTotp(_now.UtcDateTime, _current, out var step, OtpNet.VerificationWindow.RfcSpecifiedNetworkDelay) ? step : null;

    [Benchmark]
    public CodeVerdict CheckTwoConsecutiveCodes() => CodeCheck.Evaluate(_key, _previous, _current, _now);
}
