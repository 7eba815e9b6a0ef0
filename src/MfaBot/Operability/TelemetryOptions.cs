using OpenTelemetry.Exporter;

namespace MfaBot.Operability;

/// <summary>Section "OpenTelemetry": where to export; the standard OTEL_* variables work as well.</summary>
internal sealed record TelemetryOptions(Uri? OtlpEndpoint, OtlpExportProtocol Protocol, string ServiceName)
{
    public const string Section = "OpenTelemetry";

    public static TelemetryOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var endpoint = section["OtlpEndpoint"] is { Length: > 0 } e ? e : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        Uri? uri = null;
        if (!string.IsNullOrWhiteSpace(endpoint) && (!Uri.TryCreate(endpoint, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            throw new InvalidOperationException("OpenTelemetry:OtlpEndpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) must be an absolute http or https URL.");
        var protocol = (section["Protocol"] ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "grpc").ToLowerInvariant() switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"OpenTelemetry:Protocol '{other}' is unknown; use grpc or http/protobuf."),
        };
        return new TelemetryOptions(uri, protocol, section["ServiceName"] is { Length: > 0 } name ? name : "mfabot");
    }
}
