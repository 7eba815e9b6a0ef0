using System.Globalization;
using System.Text;
using MfaBot.IamSimulator.State;

namespace MfaBot.IamSimulator.Actions;

/// <summary>
/// The credential report's CSV as IAM writes it: AWS's 22 columns in AWS's order, the account root first, then every
/// user. Values follow the IAM User Guide: true/false, ISO 8601 times, N/A where a value does not apply,
/// not_supported for what the root cannot have, no_information where IAM did not track it.
/// </summary>
internal static class CredentialReportCsv
{
    public static readonly string[] Columns =
    [
        "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
        "password_next_rotation", "mfa_active",
        "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region",
        "access_key_1_last_used_service",
        "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date", "access_key_2_last_used_region",
        "access_key_2_last_used_service",
        "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
    ];

    private const string NotApplicable = "N/A";

    public static byte[] Build(IamAccount account, IamSimulatorOptions options, DateTimeOffset now)
    {
        // Access keys exist only in configuration; an empty user name is a key of the root.
        var keysByUser = options.AccessKeys.ToLookup(k => k.UserName, StringComparer.OrdinalIgnoreCase);
        var users = account.Users.Values.OrderBy(u => u.UserName.ToLowerInvariant(), StringComparer.Ordinal).ToList();
        var accountCreated = users.Count == 0 ? now : users.Min(u => u.CreateDate);

        // Written as UTF-8 straight into the buffer the reply is later encoded from: no intermediate string of the report.
        using var bytes = new MemoryStream(192 * (users.Count + 2));
        using (var text = new StreamWriter(bytes, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            text.Write(string.Join(',', Columns));
            text.Write('\n');
            // The simulator's root has no password or MFA device; its sign-ins are not tracked.
            Row(text, "<root_account>", $"arn:aws:iam::{account.AccountId}:root", accountCreated,
                password: ["not_supported", "no_information", "not_supported", "not_supported"], mfaActive: false,
                keysByUser[""].Count(), accountCreated);
            foreach (var user in users)
            {
                // Simulated users never have a console password.
                Row(text, user.UserName, user.Arn(account.AccountId), user.CreateDate,
                    password: ["false", NotApplicable, NotApplicable, NotApplicable], mfaActive: account.DeviceCountOf(user.UserName) > 0,
                    keysByUser[user.UserName].Count(), user.CreateDate);
            }
        }
        return bytes.ToArray();
    }

    private static void Row(TextWriter text, string user, string arn, DateTimeOffset created, string[] password, bool mfaActive,
        int accessKeys, DateTimeOffset keysCreated)
    {
        text.Write(Field(user));
        text.Write(',');
        text.Write(Field(arn));
        text.Write(',');
        text.Write(Time(created));
        foreach (var value in password)
        {
            text.Write(',');
            text.Write(value);
        }
        text.Write(',');
        text.Write(Bool(mfaActive));
        for (var key = 1; key <= 2; key++)
        {
            // Keys are configured, not rotated: their "last rotated" is when the user appeared. Their use is not tracked.
            var active = accessKeys >= key;
            text.Write(',');
            text.Write(Bool(active));
            text.Write(',');
            text.Write(active ? Time(keysCreated) : NotApplicable);
            text.Write(",N/A,N/A,N/A");
        }
        text.Write(",false,N/A,false,N/A\n");
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>IAM names may hold commas (<c>[\w+=,.@-]</c>): such fields are quoted as RFC 4180 says.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
