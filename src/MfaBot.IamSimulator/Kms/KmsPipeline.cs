using System.Text.Json.Nodes;
using MfaBot.IamSimulator.Auth;
using MfaBot.IamSimulator.Faults;
using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.IamSimulator.Kms;

/// <summary>
/// One KMS call (JSON 1.1: POST with X-Amz-Target "TrentService.{Operation}") from the wire to the reply: SigV4 for
/// service "kms", injected faults, then the operation under the account's gate (saved if it changed anything).
/// </summary>
public sealed class KmsPipeline(
    IOptions<IamSimulatorOptions> options,
    TimeProvider time,
    SigV4Verifier verifier,
    FaultInjector faults,
    IamAccount account,
    StatePersister persister,
    ILogger<KmsPipeline> logger)
{
    public const string TargetPrefix = "TrentService.";
    private const string ContentType = "application/x-amz-json-1.1";

    /// <summary>The service name in a KMS call's SigV4 credential scope.</summary>
    public const string KmsService = "kms";

    private static readonly Dictionary<string, KmsOperation> Operations =
        KmsKeyOperations.All.Concat(KmsDataKeyOperations.All).ToDictionary(o => o.Name, StringComparer.Ordinal);

    public static IEnumerable<string> OperationNames => Operations.Keys;

    /// <summary>A KMS call is told apart from an IAM one by its target header alone.</summary>
    public static bool IsKmsCall(HttpRequest request) =>
        request.Headers["X-Amz-Target"].ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext http)
    {
        var requestId = Guid.NewGuid().ToString();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        http.Response.Headers.Date = time.GetUtcNow().ToString("r");
        JsonObject reply;
        try
        {
            reply = await RunAsync(http);
            http.Response.StatusCode = StatusCodes.Status200OK;
        }
        catch (ReplyDroppedException)
        {
            return;
        }
        catch (Exception ex) when (ex is KmsException or IamException)
        {
            var error = ex as KmsException ?? KmsException.From((IamException)ex);
            reply = new JsonObject { ["__type"] = error.Type, ["message"] = error.Message };
            http.Response.StatusCode = (int)error.Status;
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            // A bug of the simulator. Neither exceptions nor this line carry key material or plaintext.
            logger.LogError(ex, "KMS simulator request {RequestId} failed", requestId);
            reply = new JsonObject { ["__type"] = "KMSInternalException", ["message"] = "" };
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        http.Response.ContentType = ContentType;
        await http.Response.WriteAsync(reply.ToJsonString(), http.RequestAborted);
    }

    private async Task<JsonObject> RunAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method)) throw IamException.MethodNotAllowed(http.Request.Method);
        var body = await QueryPipeline.ReadBodyAsync(http.Request, http.RequestAborted);
        verifier.Verify(http.Request, body, time.GetUtcNow(), KmsService);
        var target = http.Request.Headers["X-Amz-Target"].ToString();
        if (!Operations.TryGetValue(target[TargetPrefix.Length..], out var operation)) throw KmsException.UnknownOperation(target);
        var request = KmsRequest.Parse(body);

        await faults.BeforeAsync(http, operation.Name);

        JsonObject reply;
        long change = 0;
        lock (account.Gate)
        {
            reply = operation.Run(new KmsContext(request, account, time.GetUtcNow(), options.Value));
            if (operation.Mutates) change = persister.Changed();
        }
        if (change > 0) await persister.PersistAsync(change);
        await faults.AfterAsync(http, operation.Name);
        return reply;
    }
}
