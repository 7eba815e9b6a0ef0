using System.Net;
using System.Text;
using System.Xml.Linq;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.IamSimulator;

/// <summary>An IAM reply as seen on the wire.</summary>
public sealed record IamReply(HttpStatusCode Status, XDocument Xml, HttpResponseMessage Response)
{
    public static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    public string? ErrorCode => Xml.Descendants(Ns + "Code").FirstOrDefault()?.Value;
    public string? ErrorMessage => Xml.Descendants(Ns + "Message").FirstOrDefault()?.Value;

    /// <summary>Values of every element with this local name, in document order.</summary>
    public List<string> All(string name) => Xml.Descendants(Ns + name).Select(e => e.Value).ToList();
    public string? One(string name) => All(name).SingleOrDefault();
}

/// <summary>Signed raw Query API calls over real HTTP, for cases the AWS CLI cannot express.</summary>
public sealed class RawIam(Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>How long the client waits for an answer before it gives up.</summary>
    public TimeSpan Timeout { get => _http.Timeout; init => _http.Timeout = value; }

    public string AccessKeyId { get; init; } = SimulatorServer.AccessKeyId;
    public string Secret { get; init; } = SimulatorServer.SecretAccessKey;
    public string? SessionToken { get; init; }

    /// <summary>The signing time; the real clock unless a test travels.</summary>
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    public Task<IamReply> CallAsync(string action, params (string Name, string Value)[] parameters) =>
        SendAsync(Form([("Action", action), ("Version", "2010-05-08"), .. parameters]));

    public async Task<IamReply> SendAsync(string body, HttpMethod? method = null, Uri? uri = null, bool sign = true,
        bool sendContentSha = false, DateTimeOffset? at = null, Action<HttpRequestMessage>? tamper = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, uri ?? endpoint);
        var bytes = Encoding.UTF8.GetBytes(body);
        if (sign) TestSigner.Sign(request, bytes, AccessKeyId, Secret, at ?? Clock(), sendContentSha: sendContentSha, sessionToken: SessionToken);
        else request.Content = new ByteArrayContent(bytes);
        tamper?.Invoke(request);
        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new IamReply(response.StatusCode, text.Length > 0 ? XDocument.Parse(text) : new XDocument(), response);
    }

    public static string Form(IEnumerable<(string Name, string Value)> parameters) =>
        string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));

    public void Dispose() => _http.Dispose();
}
