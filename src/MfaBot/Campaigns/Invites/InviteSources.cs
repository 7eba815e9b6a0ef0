using MfaBot.Conversation;
using MfaBot.Iam;
using MfaBot.Identity;
using Microsoft.Extensions.Options;

namespace MfaBot.Campaigns.Invites;

/// <summary>Someone the manager asked to invite, as far as the source tells.</summary>
public sealed record Candidate(ChatUser? User, string? Email, string? Name, DateTimeOffset? Deadline = null);

/// <summary>Who "invite …" names: mentions, pasted emails, a CSV, the team/channel roster, or IAM users without MFA.</summary>
public sealed class InviteSources(IIamGateway iam, IOptions<CampaignOptions> options, IOptions<IdentityOptions> identity)
{
    private const int ScanConcurrency = 8;

    public sealed record Found(List<Candidate> Candidates, string Source, string? Problem = null)
    {
        public static Found Fail(string problem) => new([], "", problem);
    }

    public async Task<Found> CollectAsync(TurnContext context, string arguments, CancellationToken ct)
    {
        var input = context.Turn.Input as TextInput;
        var max = options.Value.MaxInvitees;
        if (input is { Files.Count: > 0 }) return await FromCsvAsync(context, input.Files[0], max, ct);
        switch (arguments)
        {
            case "team" or "channel":
                IReadOnlyList<ChatMember> members;
                try
                {
                    members = await context.Channel.GetMembersAsync(context.Conversation, ct);
                }
                catch (ChannelDeliveryException)
                {
                    return Found.Fail("I can't read the members of this conversation: add me to it first, or paste the email addresses. Nothing was sent.");
                }
                return new Found([.. members.Select(m => new Candidate(m.User, m.Email, m.User.Name))], context.Conversation.IsPersonal ? "this chat" : "this team");
            case "unenrolled":
                return new Found(await UnenrolledAsync(ct), "AWS users without MFA");
        }
        var (emails, notEmails) = EmailList.Parse(arguments);
        if (notEmails.Count > 0)
            return Found.Fail($"These are not email addresses: {string.Join(", ", notEmails.Take(10))}. Nothing was sent. " + Usage);
        var mentioned = input?.Mentions.Select(m => new Candidate(m, null, m.Name)) ?? [];
        var candidates = mentioned.Concat(emails.Select(e => new Candidate(null, e, null))).ToList();
        if (candidates.Count == 0) return Found.Fail(Usage);
        return new Found(candidates, candidates.Count == 1 ? "1 person named by you" : $"{candidates.Count} people named by you");
    }

    public const string Usage = "To invite people to set up MFA, type **invite** followed by @mentions or email addresses, attach a CSV with an **email** column (optional **deadline**), or type **invite team** (everyone in this team or channel) or **invite unenrolled** (every AWS user without MFA). Add **enforce** to make MFA required for everyone invited at the deadline.";

    private async Task<Found> FromCsvAsync(TurnContext context, InboundFile file, int max, CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            bytes = await context.Channel.DownloadAsync(context.Conversation, file, options.Value.CsvMaxBytes, ct);
        }
        catch (Exception e) when (e is InvalidDataException or HttpRequestException or ChannelDeliveryException)
        {
            return Found.Fail($"I couldn't read the attached file: {(e is InvalidDataException ? e.Message : "the download failed")}. Nothing was sent.");
        }
        var (rows, problem) = CsvInvitees.Read(bytes, max);
        if (problem is not null) return Found.Fail(problem + " Nothing was sent.");
        if (rows.Count == 0) return Found.Fail("The CSV has no email addresses in it. Nothing was sent.");
        return new Found([.. rows.Select(r => new Candidate(null, r.Email, null, r.Deadline))], $"the file {file.Name}");
    }

    private async Task<List<Candidate>> UnenrolledAsync(CancellationToken ct)
    {
        var found = new List<Candidate>();
        await Parallel.ForEachAsync(await iam.ListUsersAsync(null, ct), new ParallelOptions { MaxDegreeOfParallelism = ScanConcurrency, CancellationToken = ct }, async (user, token) =>
        {
            if ((await iam.ListMfaDevicesAsync(user.UserName, token)).Count > 0) return;
            if (await EmailOfAsync(user.UserName, token) is not { } email) return;
            lock (found) found.Add(new Candidate(null, email, null));
        });
        return found;
    }

    /// <summary>The email an IAM user is invited at: its name when that is one, else its Identity:TagKey tag; null when neither.</summary>
    public async Task<string?> EmailOfAsync(string userName, CancellationToken ct)
    {
        var email = EmailList.IsEmail(userName) ? userName
            : (await iam.ListUserTagsAsync(userName, ct)).FirstOrDefault(t => t.Key == identity.Value.TagKey)?.Value;
        return email is not null && EmailList.IsEmail(email) ? email : null;
    }
}
