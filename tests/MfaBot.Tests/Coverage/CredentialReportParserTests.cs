using System.Text;
using MfaBot.Coverage;

namespace MfaBot.Tests.Coverage;

/// <summary>The CSV conventions of AWS's credential report, on text shaped like a real one.</summary>
public sealed class CredentialReportParserTests
{
    internal const string Header =
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
        "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
        "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
        "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    [Fact]
    public async Task Markers_become_null_times_are_parsed_and_quoted_names_keep_their_commas()
    {
        var rows = await ParseAsync(Header,
            "<root_account>,arn:aws:iam::111122223333:root,2019-08-28T15:47:41+00:00,not_supported,2024-05-01T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
            "\"smith,jo\",\"arn:aws:iam::111122223333:user/ops/smith,jo\",2020-01-02T03:04:05+00:00,true,no_information,2020-01-02T03:04:05+00:00,N/A,false,true,2021-02-03T04:05:06+00:00,2024-04-30T10:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A");

        Assert.Equal(2, rows.Count);
        Assert.True(rows[0].IsRoot);
        Assert.True(rows[0].MfaActive);
        Assert.Null(rows[0].PasswordEnabled);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero), rows[0].PasswordLastUsed);
        var jo = rows[1];
        Assert.Equal(("smith,jo", "/ops/", true, null), (jo.UserName, jo.Path, jo.PasswordEnabled, jo.PasswordLastUsed));
        Assert.Equal(new AccessKeyUse(true, new(2021, 2, 3, 4, 5, 6, TimeSpan.Zero), new(2024, 4, 30, 10, 0, 0, TimeSpan.Zero), "eu-west-1", "s3"), jo.AccessKey1);
        Assert.Equal(new AccessKeyUse(false, null, null, null, null), jo.AccessKey2);
    }

    [Fact]
    public async Task A_column_IAM_adds_later_is_ignored_and_a_missing_one_is_an_error()
    {
        var added = await ParseAsync(Header + ",some_future_column", UserRow("bob", mfaActive: true) + ",whatever");
        Assert.True(Assert.Single(added).MfaActive);

        var missing = await Assert.ThrowsAsync<FormatException>(() => ParseAsync(Header.Replace(",mfa_active", "", StringComparison.Ordinal),
            "bob,arn:aws:iam::111122223333:user/bob,2020-01-02T03:04:05+00:00,false,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"));
        Assert.Equal("The credential report has no column mfa_active.", missing.Message);
    }

    [Fact]
    public async Task A_boolean_column_with_another_value_is_a_format_error()
    {
        await Assert.ThrowsAsync<FormatException>(() => ParseAsync(Header,
            "bob,arn:aws:iam::111122223333:user/bob,2020-01-02T03:04:05+00:00,false,N/A,N/A,N/A,yes,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"));
    }

    /// <summary>A user row with no password, access key or certificate.</summary>
    internal static string UserRow(string user, bool mfaActive) =>
        $"{user},arn:aws:iam::111122223333:user/{user},2020-01-02T03:04:05+00:00,false,N/A,N/A,N/A,{(mfaActive ? "true" : "false")},false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

    private static async Task<List<CredentialRow>> ParseAsync(params string[] lines)
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        return await CredentialReportParser.ParseAsync(csv).ToListAsync();
    }
}
