using System.Diagnostics;
using System.Globalization;
using System.Xml;
using Microsoft.Extensions.Logging;
using MfaBot.Operability;
using Microsoft.Extensions.Options;

namespace MfaBot.Iam;

/// <summary>
/// <see cref="IIamGateway"/> over the IAM Query API: form-encoded POSTs, XML replies. The HttpClient it gets
/// carries retry and SigV4 signing (see <see cref="IamServiceCollectionExtensions.AddIamGateway"/>).
/// </summary>
public sealed class QueryApiIamGateway(HttpClient http, IOptions<IamOptions> options, MfaBotMetrics metrics, ILogger<QueryApiIamGateway> logger)
    : IIamGateway
{
    // A server whose marker never runs out must not keep a caller looping forever.
    private const int MaxPages = 10_000;
    private readonly Uri _serviceUrl = IamPartitions.Resolve(options.Value).ServiceUrl;
    private readonly string _pageSize = options.Value.PageSize.ToString(CultureInfo.InvariantCulture);

    public Task<CreatedVirtualMfaDevice> CreateVirtualMfaDeviceAsync(string deviceName, string? path = null,
        IReadOnlyList<IamTag>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceName);
        var query = new IamQuery("CreateVirtualMFADevice").Add("VirtualMFADeviceName", deviceName).Add("Path", path).AddTags("Tags", tags);
        return CallAsync(query, IamShapes.ReadCreatedDevice, cancellationToken, changes: true);
    }

    public Task EnableMfaDeviceAsync(string userName, string serialNumber, string authenticationCode1, string authenticationCode2,
        CancellationToken cancellationToken = default) =>
        SendAsync(WithCodes("EnableMFADevice", userName, serialNumber, authenticationCode1, authenticationCode2), cancellationToken);

    public Task ResyncMfaDeviceAsync(string userName, string serialNumber, string authenticationCode1, string authenticationCode2,
        CancellationToken cancellationToken = default) =>
        SendAsync(WithCodes("ResyncMFADevice", userName, serialNumber, authenticationCode1, authenticationCode2), cancellationToken);

    public Task<IReadOnlyList<MfaDevice>> ListMfaDevicesAsync(string? userName, CancellationToken cancellationToken = default) =>
        ListAllAsync(new IamQuery("ListMFADevices").Add("UserName", userName), IamShapes.ReadMfaDevices, cancellationToken);

    public Task<IReadOnlyList<VirtualMfaDevice>> ListVirtualMfaDevicesAsync(MfaAssignmentStatus assignmentStatus,
        CancellationToken cancellationToken = default) =>
        ListAllAsync(new IamQuery("ListVirtualMFADevices").Add("AssignmentStatus", assignmentStatus.ToString()),
            IamShapes.ReadVirtualDevices, cancellationToken);

    public Task DeactivateMfaDeviceAsync(string userName, string serialNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(serialNumber);
        return SendAsync(new IamQuery("DeactivateMFADevice").Add("UserName", userName).Add("SerialNumber", serialNumber), cancellationToken);
    }

    public Task DeleteVirtualMfaDeviceAsync(string serialNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serialNumber);
        return SendAsync(new IamQuery("DeleteVirtualMFADevice").Add("SerialNumber", serialNumber), cancellationToken);
    }

    public Task<IamUser> GetUserAsync(string? userName = null, CancellationToken cancellationToken = default) =>
        CallAsync(new IamQuery("GetUser").Add("UserName", userName), IamShapes.ReadGetUser, cancellationToken);

    public Task<IReadOnlyList<IamUser>> ListUsersAsync(string? pathPrefix = null, CancellationToken cancellationToken = default) =>
        ListAllAsync(new IamQuery("ListUsers").Add("PathPrefix", pathPrefix), IamShapes.ReadUsers, cancellationToken);

    public Task<IReadOnlyList<IamTag>> ListUserTagsAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return ListAllAsync(new IamQuery("ListUserTags").Add("UserName", userName), IamShapes.ReadTagPage, cancellationToken);
    }

    public Task TagMfaDeviceAsync(string serialNumber, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serialNumber);
        ArgumentNullException.ThrowIfNull(tags);
        return SendAsync(new IamQuery("TagMFADevice").Add("SerialNumber", serialNumber).AddTags("Tags", tags), cancellationToken);
    }

    public Task AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        ArgumentNullException.ThrowIfNull(userName);
        return SendAsync(new IamQuery("AddUserToGroup").Add("GroupName", groupName).Add("UserName", userName), cancellationToken);
    }

    public Task<IReadOnlyList<IamGroup>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return ListAllAsync(new IamQuery("ListGroupsForUser").Add("UserName", userName), IamShapes.ReadGroups, cancellationToken);
    }

    public Task<CredentialReportState> GenerateCredentialReportAsync(CancellationToken cancellationToken = default) =>
        CallAsync(new IamQuery("GenerateCredentialReport"), IamShapes.ReadReportState, cancellationToken);

    public async Task<CredentialReportContent> GetCredentialReportAsync(CancellationToken cancellationToken = default)
    {
        const string action = "GetCredentialReport";
        // The span ends with the headers; the body's reading belongs to the caller's span.
        using var span = StartSpan(action);
        // Headers only: the report (tens of MB for a large account) is decoded from the socket as the caller reads it.
        var (request, response, started) = await SendCheckedAsync(new IamQuery(action), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using (request)
        {
            try
            {
                var content = await CredentialReportReply.OpenAsync(response, cancellationToken);
                Succeeded(action, request, response, started, HeaderRequestId(response));
                return content;
            }
            catch (Exception e) when (e is XmlException or FormatException)
            {
                response.Dispose();
                throw NotIamXml(action, request, response, started, e);
            }
        }
    }

    private static IamQuery WithCodes(string action, string userName, string serialNumber, string code1, string code2)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(serialNumber);
        ArgumentNullException.ThrowIfNull(code1);
        ArgumentNullException.ThrowIfNull(code2);
        return new IamQuery(action).Add("UserName", userName).Add("SerialNumber", serialNumber)
            .AddSecret("AuthenticationCode1", code1).AddSecret("AuthenticationCode2", code2);
    }

    private async Task<IReadOnlyList<T>> ListAllAsync<T>(IamQuery query, IamResultReader<IamPage<T>> readPage, CancellationToken cancellationToken)
    {
        query.Add("MaxItems", _pageSize);
        var all = new List<T>();
        string? marker = null;
        for (var page = 1; ; page++)
        {
            var result = await CallAsync(query.Set("Marker", marker), readPage, cancellationToken);
            all.AddRange(result.Items);
            if (result.Marker is null) return all;
            if (result.Marker == marker || page >= MaxPages)
            {
                throw new IamException(query.Action, IamErrorCodes.InvalidResponse, "IAM's paging marker did not advance.", null, null);
            }
            marker = result.Marker;
        }
    }

    /// <param name="changes">The call changes IAM although it has a result (creating a device).</param>
    private async Task<T> CallAsync<T>(IamQuery query, IamResultReader<T> reader, CancellationToken cancellationToken, bool changes = false) =>
        await ExchangeAsync(query, reader, changes, cancellationToken)
        ?? throw new IamException(query.Action, IamErrorCodes.InvalidResponse, $"The reply has no {query.Action}Result.", null, null);

    /// <summary>Calls without a result are the ones that change IAM (enable, deactivate, delete, tag, …).</summary>
    private async Task SendAsync(IamQuery query, CancellationToken cancellationToken) =>
        await ExchangeAsync<object>(query, null, true, cancellationToken);

    private async Task<T?> ExchangeAsync<T>(IamQuery query, IamResultReader<T>? reader, bool changes, CancellationToken cancellationToken)
    {
        if (changes) IamTurn.Current?.NoteChangeSent();
        using var span = StartSpan(query.Action);
        var (request, response, started) = await SendCheckedAsync(query, HttpCompletionOption.ResponseContentRead, cancellationToken);
        using (request)
        using (response)
        {
            var headerRequestId = HeaderRequestId(response);
            using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            try
            {
                var (result, requestId) = IamXml.ReadResult(body, reader);
                Succeeded(query.Action, request, response, started, requestId ?? headerRequestId);
                return result;
            }
            catch (Exception e) when (e is XmlException or FormatException)
            {
                throw NotIamXml(query.Action, request, response, started, e);
            }
        }
    }

    private static Activity? StartSpan(string action)
    {
        var span = MfaBotMetrics.ActivitySource.StartActivity("iam " + action, ActivityKind.Client);
        span?.SetTag("aws.iam.action", action);
        return span;
    }

    /// <summary>
    /// Sends the query; a reply that is not a success becomes the <see cref="IamException"/> it reports. With
    /// <see cref="HttpCompletionOption.ResponseHeadersRead"/> the body is left on the wire for the caller to stream.
    /// </summary>
    private async Task<(HttpRequestMessage Request, HttpResponseMessage Response, long Started)> SendCheckedAsync(
        IamQuery query, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _serviceUrl) { Content = query.ToContent() };
        request.Options.Set(IamRetryHandler.ActionKey, query.Action);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw Failed(query.Action, request, started, new IamException(query.Action, IamErrorCodes.RequestFailed, e.Message, null, null, e));
        }
        catch (Exception e) when (e is TimeoutException || (e is TaskCanceledException { InnerException: TimeoutException } && !cancellationToken.IsCancellationRequested))
        {
            throw Failed(query.Action, request, started, new IamException(query.Action, IamErrorCodes.RequestTimeout, e.Message, null, null, e));
        }
        if (response.IsSuccessStatusCode) return (request, response, started);
        using (request)
        using (response)
        {
            var status = (int)response.StatusCode;
            var headerRequestId = HeaderRequestId(response);
            using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var error = IamXml.ReadError(body);
            throw Failed(query.Action, request, started, error is null
                ? new IamException(query.Action, status >= 500 ? IamErrorCodes.ServiceUnavailable : IamErrorCodes.InvalidResponse,
                    $"HTTP {status} {response.ReasonPhrase} without an IAM error body.", headerRequestId, response.StatusCode)
                : new IamException(query.Action, error.Code, query.Scrub(error.Message), error.RequestId ?? headerRequestId, response.StatusCode));
        }
    }

    private static string? HeaderRequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;

    private void Succeeded(string action, HttpRequestMessage request, HttpResponseMessage response, long started, string? requestId)
    {
        var (attempts, elapsedMs) = Measure(request, started);
        IamLog.Succeeded(logger, action, (int)response.StatusCode, attempts, elapsedMs, requestId);
        metrics.RecordIamCall(action, null, TimeSpan.FromMilliseconds(elapsedMs));
    }

    private IamException NotIamXml(string action, HttpRequestMessage request, HttpResponseMessage response, long started, Exception e) =>
        Failed(action, request, started, new IamException(action, IamErrorCodes.InvalidResponse,
            "The reply is not the IAM XML expected: " + e.Message, HeaderRequestId(response), response.StatusCode, e));

    private IamException Failed(string action, HttpRequestMessage request, long started, IamException exception)
    {
        var (attempts, elapsedMs) = Measure(request, started);
        exception.Attempts = attempts;
        exception.UnclearAttempts = request.Options.TryGetValue(IamRetryHandler.UnclearAttemptsKey, out var unclear) ? unclear : 0;
        IamLog.Failed(logger, action, exception.Code, (int?)exception.StatusCode, attempts, elapsedMs, exception.RequestId);
        metrics.RecordIamCall(action, exception.Code, TimeSpan.FromMilliseconds(elapsedMs));
        Activity.Current?.SetStatus(ActivityStatusCode.Error, exception.Code);
        return exception;
    }

    private static (int Attempts, double ElapsedMs) Measure(HttpRequestMessage request, long started) =>
        (request.Options.TryGetValue(IamRetryHandler.AttemptsKey, out var n) ? n : 1, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}
