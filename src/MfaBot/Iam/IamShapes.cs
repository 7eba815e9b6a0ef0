using System.Xml;
using static MfaBot.Iam.IamXml;

namespace MfaBot.Iam;

/// <summary>One page of a list operation; Marker is set when IAM has more.</summary>
internal sealed record IamPage<T>(List<T> Items, string? Marker);

/// <summary>Readers for the result shapes of the operations the gateway calls.</summary>
internal static class IamShapes
{
    public static CreatedVirtualMfaDevice ReadCreatedDevice(XmlReader r)
    {
        CreatedVirtualMfaDevice? device = null;
        var depth = Enter(r);
        while (NextChild(r, depth))
        {
            if (r.LocalName == "VirtualMFADevice") device = ReadSecretDevice(r);
            else r.Skip();
        }
        return device ?? throw new XmlException("CreateVirtualMFADeviceResult has no VirtualMFADevice.");
    }

    private static CreatedVirtualMfaDevice ReadSecretDevice(XmlReader r)
    {
        string? serial = null;
        byte[]? seed = null, png = null;
        var depth = Enter(r);
        while (NextChild(r, depth))
        {
            switch (r.LocalName)
            {
                case "SerialNumber": serial = ReadString(r); break;
                // Both fields are base64 in the XML; the seed is base64 of the Base32 text.
                case "Base32StringSeed": seed = ReadBase64(r); break;
                case "QRCodePNG": png = ReadBase64(r); break;
                default: r.Skip(); break;
            }
        }
        if (serial is null || seed is null || png is null)
        {
            throw new XmlException("VirtualMFADevice lacks SerialNumber, Base32StringSeed or QRCodePNG.");
        }
        return new CreatedVirtualMfaDevice(serial, SecretSeed.FromBase32Ascii(seed), png);
    }

    public static IamPage<MfaDevice> ReadMfaDevices(XmlReader r) => ReadPage(r, "MFADevices", ReadMfaDevice);

    public static IamPage<VirtualMfaDevice> ReadVirtualDevices(XmlReader r) => ReadPage(r, "VirtualMFADevices", ReadVirtualDevice);

    public static IamPage<IamUser> ReadUsers(XmlReader r) => ReadPage(r, "Users", ReadUser);

    public static IamPage<IamGroup> ReadGroups(XmlReader r) => ReadPage(r, "Groups", ReadGroup);

    public static IamPage<IamTag> ReadTagPage(XmlReader r) => ReadPage(r, "Tags", ReadTag);

    public static IamUser ReadGetUser(XmlReader r)
    {
        IamUser? user = null;
        var depth = Enter(r);
        while (NextChild(r, depth))
        {
            if (r.LocalName == "User") user = ReadUser(r);
            else r.Skip();
        }
        return user ?? throw new XmlException("GetUserResult has no User.");
    }

    private static IamPage<T> ReadPage<T>(XmlReader r, string listName, Func<XmlReader, T> readMember)
    {
        List<T>? items = null;
        string? marker = null;
        var truncated = false;
        var depth = Enter(r);
        while (NextChild(r, depth))
        {
            if (r.LocalName == listName) items = ReadMembers(r, readMember);
            else if (r.LocalName == "IsTruncated") truncated = ReadBool(r);
            else if (r.LocalName == "Marker") marker = ReadString(r);
            else r.Skip();
        }
        return new IamPage<T>(items ?? [], truncated && !string.IsNullOrEmpty(marker) ? marker : null);
    }

    private static MfaDevice ReadMfaDevice(XmlReader r)
    {
        string? user = null, serial = null;
        DateTimeOffset? enabled = null;
        var depth = Enter(r);
        while (NextChild(r, depth))
        {
            switch (r.LocalName)
            {
                case "UserName": user = ReadString(r); break;
                case "SerialNumber": serial = ReadString(r); break;
                case "EnableDate": enabled = ReadDate(r); break;
                default: r.Skip(); break;
            }
        }
        return new MfaDevice(Required(user, "UserName"), Required(serial, "SerialNumber"), enabled ?? throw Missing("EnableDate"));
    }

    private static VirtualMfaDevice ReadVirtualDevice(XmlReader r)
    {
        string? serial = null;
        IamUser? user = null;
        DateTimeOffset? enabled = null;
        List<IamTag>? tags = null;
        var depth = Enter(r);
        while (NextChild(r, depth))
        {
            switch (r.LocalName)
            {
                case "SerialNumber": serial = ReadString(r); break;
                case "User": user = ReadUser(r); break;
                case "EnableDate": enabled = ReadDate(r); break;
                case "Tags": tags = ReadMembers(r, ReadTag); break;
                default: r.Skip(); break;
            }
        }
        return new VirtualMfaDevice(Required(serial, "SerialNumber"), user?.UserName, enabled, tags ?? []);
    }

    private static IamUser ReadUser(XmlReader r)
    {
        string? name = null, id = null, arn = null, path = null;
        DateTimeOffset created = default;
        List<IamTag>? tags = null;
        var depth = Enter(r);
        while (NextChild(r, depth))
        {
            switch (r.LocalName)
            {
                case "UserName": name = ReadString(r); break;
                case "UserId": id = ReadString(r); break;
                case "Arn": arn = ReadString(r); break;
                case "Path": path = ReadString(r); break;
                case "CreateDate": created = ReadDate(r); break;
                case "Tags": tags = ReadMembers(r, ReadTag); break;
                default: r.Skip(); break;
            }
        }
        return new IamUser(Required(name, "UserName"), id ?? "", arn ?? "", path ?? "/", created, tags ?? []);
    }

    private static IamGroup ReadGroup(XmlReader r)
    {
        string? name = null, id = null, arn = null, path = null;
        DateTimeOffset created = default;
        var depth = Enter(r);
        while (NextChild(r, depth))
        {
            switch (r.LocalName)
            {
                case "GroupName": name = ReadString(r); break;
                case "GroupId": id = ReadString(r); break;
                case "Arn": arn = ReadString(r); break;
                case "Path": path = ReadString(r); break;
                case "CreateDate": created = ReadDate(r); break;
                default: r.Skip(); break;
            }
        }
        return new IamGroup(Required(name, "GroupName"), id ?? "", arn ?? "", path ?? "/", created);
    }

    private static IamTag ReadTag(XmlReader r)
    {
        string? key = null, value = null;
        var depth = Enter(r);
        while (NextChild(r, depth))
        {
            if (r.LocalName == "Key") key = ReadString(r);
            else if (r.LocalName == "Value") value = ReadString(r);
            else r.Skip();
        }
        return new IamTag(Required(key, "Key"), value ?? "");
    }

    public static CredentialReportState ReadReportState(XmlReader r)
    {
        string? state = null;
        var depth = Enter(r);
        while (NextChild(r, depth))
        {
            if (r.LocalName == "State") state = ReadString(r);
            else r.Skip();
        }
        return state switch
        {
            "STARTED" => CredentialReportState.Started,
            "INPROGRESS" => CredentialReportState.InProgress,
            "COMPLETE" => CredentialReportState.Complete,
            _ => throw new XmlException($"GenerateCredentialReportResult has State '{state}', not STARTED, INPROGRESS or COMPLETE."),
        };
    }

    private static string Required(string? value, string element) => value ?? throw Missing(element);

    private static XmlException Missing(string element) => new($"IAM reply lacks <{element}>.");
}
