using System.Net;
using MfaBot.IamSimulator.Protocol;

namespace MfaBot.IamSimulator.Kms;

/// <summary>An error KMS reports as JSON: {"__type":"NotFoundException","message":"…"}. Client errors are 400.</summary>
public sealed class KmsException(string type, string message, HttpStatusCode status = HttpStatusCode.BadRequest) : Exception(message)
{
    public string Type { get; } = type;

    public HttpStatusCode Status { get; } = status;

    public static KmsException NotFound(string message) => new("NotFoundException", message);
    public static KmsException Disabled(string keyArn) => new("DisabledException", $"{keyArn} is disabled.");
    public static KmsException InvalidCiphertext() => new("InvalidCiphertextException", "");
    public static KmsException IncorrectKey() =>
        new("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");
    public static KmsException Validation(string message) => new("ValidationException", message);
    public static KmsException AlreadyExists(string message) => new("AlreadyExistsException", message);
    public static KmsException InvalidMarker() => new("InvalidMarkerException", "Invalid marker.");
    public static KmsException UnknownOperation(string target) => new("UnknownOperationException", $"Unknown operation {target}");

    // The signature and fault errors the shared pipeline raises in IAM's words, renamed as JSON services name them.
    private static readonly Dictionary<string, string> FromIamCode = new(StringComparer.Ordinal)
    {
        ["SignatureDoesNotMatch"] = "InvalidSignatureException",
        ["InvalidClientTokenId"] = "UnrecognizedClientException",
        ["ServiceFailure"] = "KMSInternalException",
    };

    public static KmsException From(IamException error) =>
        new(FromIamCode.GetValueOrDefault(error.Code, error.Code + "Exception"), error.Message,
            (int)error.Status >= 500 ? error.Status : error.Status == HttpStatusCode.RequestEntityTooLarge ? error.Status : HttpStatusCode.BadRequest);
}
