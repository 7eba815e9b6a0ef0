using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MfaBot.IamSimulator.Actions;
using MfaBot.IamSimulator.Kms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MfaBot.IamSimulator.Faults;

/// <summary>
/// The run-time fault switch at "{mount}/_faults", so a test turns faults on and off without a restart:
/// GET → the faults in force and the counters per action; PUT (a SimulatedFaults JSON, as in the settings) → replaces
/// them; DELETE → no faults; DELETE …/counters → counters back to zero. Callers on this machine only, or, when
/// IamSimulator:ControlKey is set, callers sending it in X-Simulator-Control-Key (from anywhere).
/// </summary>
public static class FaultControl
{
    public const string Path = "_faults";
    public const string KeyHeader = "X-Simulator-Control-Key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void MapFaultControl(this IEndpointRouteBuilder endpoints, string mount)
    {
        var pattern = mount.TrimEnd('/') + "/" + Path;
        var group = endpoints.MapGroup(pattern).AddEndpointFilter(async (context, next) =>
            Allowed(context.HttpContext) ? await next(context) : Results.StatusCode(StatusCodes.Status403Forbidden));
        group.MapGet("", (IOptions<IamSimulatorOptions> options, FaultCounters counters) =>
            Results.Json(new { faults = options.Value.Faults, counters = counters.Snapshot() }, Json));
        group.MapPut("", async (HttpContext http, IOptions<IamSimulatorOptions> options, ActionRegistry actions) =>
        {
            SimulatedFaults? faults;
            try { faults = await JsonSerializer.DeserializeAsync<SimulatedFaults>(http.Request.Body, Json, http.RequestAborted); }
            catch (JsonException e) { return Results.BadRequest(new { problems = new[] { "The body is not a faults JSON: " + e.Message } }); }
            if (faults is null) return Results.BadRequest(new { problems = new[] { "The body is empty." } });
            faults.Actions = new(faults.Actions ?? [], StringComparer.OrdinalIgnoreCase);
            var problems = faults.Problems("faults", KnownActions(actions)).ToList();
            if (problems.Count > 0) return Results.BadRequest(new { problems });
            options.Value.Faults = faults;
            return Results.Json(new { faults }, Json);
        });
        group.MapDelete("", (IOptions<IamSimulatorOptions> options) =>
        {
            options.Value.Faults = new SimulatedFaults();
            return Results.NoContent();
        });
        group.MapDelete("counters", (FaultCounters counters) =>
        {
            counters.Reset();
            return Results.NoContent();
        });
    }

    /// <summary>Every name a fault rate may be given for: the IAM actions and KMS operations served.</summary>
    public static IReadOnlySet<string> KnownActions(ActionRegistry actions) =>
        actions.Names.Concat(KmsPipeline.OperationNames).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static bool Allowed(HttpContext http)
    {
        var key = http.RequestServices.GetRequiredService<IOptions<IamSimulatorOptions>>().Value.ControlKey;
        if (string.IsNullOrEmpty(key))
            return http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip);
        var sent = Encoding.UTF8.GetBytes(http.Request.Headers[KeyHeader].ToString());
        return CryptographicOperations.FixedTimeEquals(sent, Encoding.UTF8.GetBytes(key));
    }
}
