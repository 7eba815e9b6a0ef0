using System.Net;
using MfaBot.IamSimulator.Actions;
using MfaBot.IamSimulator.Auth;
using MfaBot.IamSimulator.Faults;
using MfaBot.IamSimulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.IamSimulator.Protocol;

/// <summary>
/// One Query API request from the wire to the reply: method, body, SigV4, Action/Version, injected faults,
/// then the action under the account's gate (saved if it changed anything).
/// </summary>
public sealed class QueryPipeline(
    IOptions<IamSimulatorOptions> options,
    TimeProvider time,
    SigV4Verifier verifier,
    FaultInjector faults,
    ActionRegistry actions,
    ActionPolicy policy,
    IamAccount account,
    StatePersister persister,
    ILogger<QueryPipeline> logger)
{
    private const int MaxBodyBytes = 1 << 20;

    public async Task HandleAsync(HttpContext http)
    {
        var requestId = Guid.NewGuid().ToString();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        // The reply's Date comes from the simulator's clock so a client can measure its skew against it.
        http.Response.Headers.Date = time.GetUtcNow().ToString("r");
        byte[] reply;
        try
        {
            reply = await RunAsync(http, requestId);
            http.Response.StatusCode = StatusCodes.Status200OK;
        }
        catch (ReplyDroppedException)
        {
            return;
        }
        catch (IamException error)
        {
            reply = XmlReply.Error(error, requestId);
            http.Response.StatusCode = (int)error.Status;
            if (error.Status == HttpStatusCode.MethodNotAllowed) http.Response.Headers.Allow = "POST";
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            // A bug of the simulator, not the caller's mistake. The exception never carries seeds or codes.
            logger.LogError(ex, "IAM simulator request {RequestId} failed", requestId);
            reply = XmlReply.Error(IamException.ServiceFailure(), requestId);
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        http.Response.ContentType = "text/xml";
        http.Response.ContentLength = reply.Length;
        await http.Response.Body.WriteAsync(reply, http.RequestAborted);
    }

    private async Task<byte[]> RunAsync(HttpContext http, string requestId)
    {
        if (!HttpMethods.IsPost(http.Request.Method)) throw IamException.MethodNotAllowed(http.Request.Method);
        var body = await ReadBodyAsync(http.Request, http.RequestAborted);
        var caller = verifier.Verify(http.Request, body, time.GetUtcNow());

        var query = QueryRequest.Parse(http.Request.QueryString.Value ?? "", System.Text.Encoding.UTF8.GetString(body));
        if (string.IsNullOrEmpty(query.Action)) throw IamException.MissingAction();
        if (query.Version is null)
            throw new IamException("MissingParameter", HttpStatusCode.BadRequest, "The request must contain the parameter Version.");
        if (query.Version != QueryRequest.ApiVersion || !actions.TryGet(query.Action, out var action))
            throw IamException.InvalidAction(query.Action, query.Version);

        await faults.BeforeAsync(http, query.Action);

        byte[] reply;
        long change = 0;
        lock (account.Gate)
        {
            policy.Authorize(caller, action.Name, account);
            var context = new ActionContext(query, caller, account, time.GetUtcNow(), options.Value);
            var writeResult = action.Run(context);
            if (action.Mutates) change = persister.Changed();
            reply = XmlReply.Success(action.Name, requestId, writeResult);
        }
        if (change > 0) await persister.PersistAsync(change);
        await faults.AfterAsync(http, query.Action);
        return reply;
    }

    internal static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes) throw IamException.RequestTooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) throw IamException.RequestTooLarge();
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
