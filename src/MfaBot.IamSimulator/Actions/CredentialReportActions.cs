using System.Xml;
using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.State;

namespace MfaBot.IamSimulator.Actions;

/// <summary>
/// GenerateCredentialReport and GetCredentialReport. A report is snapshot when generation starts and becomes readable
/// at the next GenerateCredentialReport (see <see cref="CredentialReportSlot"/>); one younger than
/// <see cref="IamSimulatorOptions.CredentialReportMaxAge"/> is not regenerated.
/// </summary>
internal static class CredentialReportActions
{
    public static IEnumerable<IamAction> All =>
    [
        new("GenerateCredentialReport", false, Generate),
        new("GetCredentialReport", false, Get),
    ];

    private static Action<XmlWriter> Generate(ActionContext ctx)
    {
        ctx.Params.ThrowIfInvalid();
        var slot = ctx.Account.CredentialReports;
        string state;
        if (slot.Pending is { } pending)
        {
            slot.Ready = pending;
            slot.Pending = null;
            state = "COMPLETE";
        }
        else if (slot.Ready is { } ready && ctx.Now - ready.GeneratedTime < ctx.Options.CredentialReportMaxAge)
        {
            state = "COMPLETE";
        }
        else
        {
            slot.Pending = new CredentialReport(CredentialReportCsv.Build(ctx.Account, ctx.Options, ctx.Now), ctx.Now);
            state = "STARTED";
        }
        return w =>
        {
            w.WriteElementString("State", state);
            w.WriteElementString("Description", state == "STARTED"
                ? "No report exists. Starting a new report generation task"
                : "Report generation is complete.");
        };
    }

    private static Action<XmlWriter> Get(ActionContext ctx)
    {
        ctx.Params.ThrowIfInvalid();
        var slot = ctx.Account.CredentialReports;
        if (slot.Pending is not null) throw IamException.ReportInProgress();
        var report = slot.Ready ?? throw IamException.ReportNotPresent();
        if (IsExpired(ctx, report)) throw IamException.ReportExpired();
        return w =>
        {
            // Written straight from the bytes: a 50,000-user report is never held as one Base64 string.
            w.WriteStartElement("Content");
            w.WriteBase64(report.Csv, 0, report.Csv.Length);
            w.WriteEndElement();
            w.WriteElementString("ReportFormat", "text/csv");
            w.WriteDate("GeneratedTime", report.GeneratedTime);
        };
    }

    /// <summary>Older than the maximum age; with a maximum of zero (regenerate every time) the last report stays readable.</summary>
    private static bool IsExpired(ActionContext ctx, CredentialReport report) =>
        ctx.Options.CredentialReportMaxAge > TimeSpan.Zero && ctx.Now - report.GeneratedTime >= ctx.Options.CredentialReportMaxAge;
}
