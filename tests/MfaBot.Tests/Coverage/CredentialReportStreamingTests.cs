using System.Text;
using MfaBot.Coverage;
using MfaBot.Tests.Iam;
using Microsoft.AspNetCore.Http;

namespace MfaBot.Tests.Coverage;

/// <summary>The report is parsed as it arrives: rows come out while IAM is still sending the reply.</summary>
public sealed class CredentialReportStreamingTests
{
    private const string Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    [Fact]
    public async Task Rows_arrive_before_the_reply_ends_and_the_generated_time_after_the_content_is_read()
    {
        var csv = new StringBuilder(CredentialReportParserTests.Header).Append('\n');
        for (var i = 0; i < 2000; i++) csv.Append(CredentialReportParserTests.UserRow($"user{i:0000}", i % 2 == 0)).Append('\n');
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(csv.ToString()));
        var half = base64.Length / 2 / 4 * 4;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stub = await StubIamServer.StartAsync(async (http, n) =>
        {
            http.Response.ContentType = "text/xml";
            if (n == 1)
            {
                await http.Response.WriteAsync($"<GenerateCredentialReportResponse xmlns=\"{Ns}\"><GenerateCredentialReportResult><State>COMPLETE</State></GenerateCredentialReportResult></GenerateCredentialReportResponse>");
                return;
            }
            await http.Response.WriteAsync($"<GetCredentialReportResponse xmlns=\"{Ns}\"><GetCredentialReportResult><Content>{base64[..half]}");
            await http.Response.Body.FlushAsync();
            // Half the report is on the wire; the rest waits until the test has seen rows.
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await http.Response.WriteAsync($"{base64[half..]}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2024-05-01T12:34:56Z</GeneratedTime></GetCredentialReportResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCredentialReportResponse>");
        });
        await using var client = IamClient.Create(stub.Endpoint);

        await using var inventory = await client.Reports.OpenAsync();
        await using var rows = inventory.Rows.GetAsyncEnumerator();
        for (var i = 0; i < 100; i++) Assert.True(await rows.MoveNextAsync());
        Assert.Equal("user0099", rows.Current.UserName);
        Assert.False(release.Task.IsCompleted);
        Assert.Null(inventory.AsOf);

        release.SetResult();
        var count = 100;
        while (await rows.MoveNextAsync()) count++;
        Assert.Equal(2000, count);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 34, 56, TimeSpan.Zero), inventory.AsOf);
    }
}
