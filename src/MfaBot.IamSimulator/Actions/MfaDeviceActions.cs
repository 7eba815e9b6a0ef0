using System.Xml;
using System.Text;
using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.State;
using MfaBot.IamSimulator.Totp;
using MfaBot.IamSimulator.Validation;

namespace MfaBot.IamSimulator.Actions;

/// <summary>Creating, enabling, resyncing, deactivating, deleting and tagging virtual MFA devices.</summary>
internal static class MfaDeviceActions
{
    public static IEnumerable<IamAction> All =>
    [
        new("CreateVirtualMFADevice", true, Create),
        new("EnableMFADevice", true, Enable),
        new("ResyncMFADevice", true, Resync),
        new("DeactivateMFADevice", true, Deactivate),
        new("DeleteVirtualMFADevice", true, Delete),
        new("TagMFADevice", true, Tag),
    ];

    private static Action<XmlWriter> Create(ActionContext ctx)
    {
        var name = ctx.Params.Required("VirtualMFADeviceName", Shapes.VirtualMfaDeviceName);
        var path = ctx.Params.Optional("Path", Shapes.Path) ?? "/";
        var tags = ctx.Params.Tags("Tags", required: false) ?? [];
        ctx.Params.ThrowIfInvalid();
        TagRules.RequireUniqueKeys(tags);

        var serial = ctx.Account.DeviceSerial(path, name);
        if (serial.Length > Shapes.SerialNumber.Max) throw IamException.InvalidInput("The path and name make the serial number longer than 256 characters.");
        if (ctx.Account.HasDeviceNamed(name))
            throw IamException.AlreadyExists("MFADevice entity at the same path and name already exists.");

        var device = new MfaDeviceRecord
        {
            SerialNumber = serial, Name = name, Path = path, Seed = SimTotp.NewSeed(), CreateDate = ctx.Now, Tags = tags,
        };
        ctx.Account.AddDevice(device);

        var base32 = SimTotp.Base32(device.Seed);
        var png = QrImage.Png(QrImage.OtpAuthUri(name, ctx.Account.AccountId, base32));
        return w =>
        {
            w.WriteStartElement("VirtualMFADevice");
            w.WriteElementString("SerialNumber", serial);
            w.WriteElementString("Base32StringSeed", Convert.ToBase64String(Encoding.ASCII.GetBytes(base32)));
            w.WriteElementString("QRCodePNG", Convert.ToBase64String(png));
            if (tags.Count > 0) w.WriteTags(tags);
            w.WriteEndElement();
        };
    }

    private static Action<XmlWriter>? Enable(ActionContext ctx)
    {
        var (user, serial, code1, code2) = ReadCodes(ctx);
        var owner = ctx.Account.RequireUser(user);
        var device = ctx.Account.RequireDevice(serial);
        if (device.UserName is not null) throw IamException.AlreadyExists("MFA Device is already in use.");
        if (ctx.Account.DeviceCountOf(owner.UserName) >= IamAccount.MaxDevicesPerUser)
            throw IamException.LimitExceeded($"Cannot exceed quota for MFADevicesPerUser: {IamAccount.MaxDevicesPerUser}");
        AcceptCodes(ctx, device, code1, code2, ctx.Options.CodeWindowSteps);
        ctx.Account.AssignDevice(device, owner.UserName, ctx.Now);
        return null;
    }

    private static Action<XmlWriter>? Resync(ActionContext ctx)
    {
        var (user, serial, code1, code2) = ReadCodes(ctx);
        var device = ctx.Account.RequireAssignedDevice(ctx.Account.RequireUser(user), serial);
        AcceptCodes(ctx, device, code1, code2, ctx.Options.ResyncWindowSteps);
        return null;
    }

    private static Action<XmlWriter>? Deactivate(ActionContext ctx)
    {
        var user = ctx.Params.Required("UserName", Shapes.ExistingUserName);
        var serial = ctx.Params.Required("SerialNumber", Shapes.SerialNumber);
        ctx.Params.ThrowIfInvalid();
        var device = ctx.Account.RequireAssignedDevice(ctx.Account.RequireUser(user), serial);
        ctx.Account.UnassignDevice(device);
        return null;
    }

    private static Action<XmlWriter>? Delete(ActionContext ctx)
    {
        var serial = ctx.Params.Required("SerialNumber", Shapes.SerialNumber);
        ctx.Params.ThrowIfInvalid();
        var device = ctx.Account.RequireDevice(serial);
        if (device.UserName is not null) throw IamException.DeleteConflict("MFA Device must be deactivated before deletion.");
        ctx.Account.RemoveDevice(serial);
        return null;
    }

    private static Action<XmlWriter>? Tag(ActionContext ctx)
    {
        var serial = ctx.Params.Required("SerialNumber", Shapes.SerialNumber);
        var tags = ctx.Params.Tags("Tags", required: true);
        ctx.Params.ThrowIfInvalid();
        var device = ctx.Account.RequireDevice(serial);
        TagRules.Merge(device.Tags, tags!);
        ctx.Account.Changed(device);
        return null;
    }

    private static (string User, string Serial, string Code1, string Code2) ReadCodes(ActionContext ctx)
    {
        var result = (
            ctx.Params.Required("UserName", Shapes.ExistingUserName),
            ctx.Params.Required("SerialNumber", Shapes.SerialNumber),
            ctx.Params.Required("AuthenticationCode1", Shapes.AuthenticationCode),
            ctx.Params.Required("AuthenticationCode2", Shapes.AuthenticationCode));
        ctx.Params.ThrowIfInvalid();
        return result;
    }

    /// <summary>
    /// Two consecutive codes whose steps both lie within <paramref name="window"/> steps of now, and after any
    /// step this device already accepted (a code is good once).
    /// </summary>
    private static void AcceptCodes(ActionContext ctx, MfaDeviceRecord device, string code1, string code2, int window)
    {
        var now = SimTotp.StepAt(ctx.Now);
        var from = Math.Max(now - window, device.LastUsedStep == long.MinValue ? long.MinValue : device.LastUsedStep + 1);
        var step = SimTotp.FindConsecutive(device.Seed, code1, code2, from, now + window - 1)
            ?? throw IamException.InvalidAuthenticationCode("Authentication code for device is not valid.");
        device.LastUsedStep = step + 1;
        ctx.Account.Changed(device);
    }
}
