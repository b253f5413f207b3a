using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using SmeMonitor.Directory.Models;
using SmeMonitor.Directory.Services;
using SmeMonitor.Enterprises.Models;

namespace SmeMonitor.Enterprises.Services;

/// <summary>
/// The enterprise information as typed (ENT-1): every value is text, so the form, the API and the recipe
/// import go through the same parsing and checks. Property names are the <see cref="Enterprise"/> ones and
/// are the keys of the field errors.
/// </summary>
public sealed class EnterpriseForm
{
    public string? Name { get; set; }
    public string? CreditCode { get; set; }
    public string? LegalRepresentative { get; set; }
    public string? IndustryCode { get; set; }
    public string? RegionCode { get; set; }
    public string? RegistrationType { get; set; }
    public string? HoldingType { get; set; }
    /// <summary>千元</summary>
    public string? Revenue { get; set; }
    /// <summary>人</summary>
    public string? Employees { get; set; }
    /// <summary>千元</summary>
    public string? Assets { get; set; }
    public bool Listed { get; set; }
    public string? StockCode { get; set; }
    public string? Address { get; set; }
    public string? Postcode { get; set; }
    /// <summary>yyyy-MM-dd</summary>
    public string? OpenedOn { get; set; }
    public string? Website { get; set; }
    public string? ContactName { get; set; }
    public string? Phone { get; set; }
    public string? Fax { get; set; }
    public string? Mobile { get; set; }
    public string? Email { get; set; }
    public string? MainBusiness { get; set; }
    /// <summary>The version of the enterprise the form was made from (0 for a new one).</summary>
    public int Version { get; set; }

    public static EnterpriseForm From(Enterprise e) => new()
    {
        Name = e.Name, CreditCode = e.CreditCode, LegalRepresentative = e.LegalRepresentative, IndustryCode = e.IndustryCode,
        RegionCode = e.RegionCode, RegistrationType = e.RegistrationType, HoldingType = e.HoldingType,
        Revenue = EnterpriseValues.Text(e.Revenue), Employees = e.Employees?.ToString(CultureInfo.InvariantCulture),
        Assets = EnterpriseValues.Text(e.Assets), Listed = e.Listed, StockCode = e.StockCode, Address = e.Address, Postcode = e.Postcode,
        OpenedOn = e.OpenedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Website = e.Website, ContactName = e.ContactName,
        Phone = e.Phone, Fax = e.Fax, Mobile = e.Mobile, Email = e.Email, MainBusiness = e.MainBusiness, Version = e.Version,
    };
}

/// <summary>The enterprise information after parsing: trimmed, empty text as null, numbers and dates typed.</summary>
public sealed record EnterpriseValues(
    string? Name, string? CreditCode, string? LegalRepresentative, string? IndustryCode, string? RegionCode,
    string? RegistrationType, string? HoldingType, decimal? Revenue, int? Employees, decimal? Assets, bool Listed, string? StockCode,
    string? Address, string? Postcode, DateOnly? OpenedOn, string? Website, string? ContactName, string? Phone, string? Fax,
    string? Mobile, string? Email, string? MainBusiness)
{
    /// <summary>A money amount as stored text: invariant, without trailing zeros.</summary>
    public static string? Text(decimal? d) => d?.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Copies the values onto the entity (the size is computed separately).</summary>
    public void ApplyTo(Enterprise e)
    {
        e.Name = Name ?? "";
        e.CreditCode = CreditCode;
        e.LegalRepresentative = LegalRepresentative;
        e.IndustryCode = IndustryCode;
        e.RegionCode = RegionCode ?? "";
        e.RegistrationType = RegistrationType;
        e.HoldingType = HoldingType;
        e.Revenue = Revenue;
        e.Employees = Employees;
        e.Assets = Assets;
        e.Listed = Listed;
        e.StockCode = Listed ? StockCode : null;
        e.Address = Address;
        e.Postcode = Postcode;
        e.OpenedOn = OpenedOn;
        e.Website = Website;
        e.ContactName = ContactName;
        e.Phone = Phone;
        e.Fax = Fax;
        e.Mobile = Mobile;
        e.Email = Email;
        e.MainBusiness = MainBusiness;
    }
}

/// <summary>The outcome of a check: the field errors (field name → message in the user's language) and the parsed values.</summary>
public sealed class EnterpriseValidation(EnterpriseValues values)
{
    public EnterpriseValues Values { get; } = values;
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public bool IsValid => Errors.Count == 0;

    internal void Add(string field, string message) => Errors.TryAdd(field, message);
}

/// <summary>
/// The checks of ENT-2, one field-level message each, in the user's language. The same rules serve the
/// registration page, the API and the recipe import.
/// <list type="bullet">
/// <item>提交审核 (<c>submit</c>): every required field (marked * on the form): 企业名称, 统一社会信用代码, 法人代表,
/// 所属行业, 所在地区, 注册类型, 控股类型, the three figures, 通讯地址, 开业时间, 联系人; 股票代码 when listed; and one of
/// 电话 and 手机.</item>
/// <item>暂存 (draft): only what is filled is checked, except 企业名称, which a draft needs too (it names the record).</item>
/// <item>电话/传真 as 区号-号码[-分机]: an area code of 3–4 digits starting with 0, a hyphen, a number of 7–8 digits,
/// optionally a hyphen and an extension of 1–6 digits (e.g. 0571-87654321, 010-12345678-123).</item>
/// <item>手机 11 digits 1[3-9]…; 邮政编码 6 digits; 企业网址 http:// or https:// with a host; e-mail as an address.</item>
/// <item>所属行业 must be an existing 小类 (4 digits); 所在地区 an existing county, or a prefecture without counties (e.g. 东莞 441900).</item>
/// <item>Figures are numbers ≥ 0 (money with at most 2 decimals, persons whole).</item>
/// </list>
/// Uniqueness of name and credit code needs the database: <see cref="RegistrationService"/> adds it with
/// <see cref="NameTaken"/> and <see cref="CreditCodeTaken"/>.
/// </summary>
public sealed partial class EnterpriseValidator(IStringLocalizer<Strings> T)
{
    /// <summary>注册类型 (the statistical registration types), stored as the zh-CN text.</summary>
    public static readonly IReadOnlyList<string> RegistrationTypes =
        ["国有企业", "集体企业", "股份合作企业", "联营企业", "有限责任公司", "股份有限公司", "私营企业", "其他企业", "港澳台商投资企业", "外商投资企业"];

    /// <summary>控股类型, as on the manual's form.</summary>
    public static readonly IReadOnlyList<string> HoldingTypes = ["私人控股", "港澳台商控股", "外商控股", "其他"];

    /// <summary>Name, credit code and industry: a change to any of them after approval freezes the report (ENT-6).</summary>
    public static readonly IReadOnlyList<string> KeyFields = [nameof(Enterprise.Name), nameof(Enterprise.CreditCode), nameof(Enterprise.IndustryCode)];

    private const decimal MaxMoney = 1_000_000_000_000m; // 千元: 10^12 千元 is far above any enterprise, and fits decimal(18,2)

    public EnterpriseValidation Validate(EnterpriseForm form, bool submit, CodeTree<Region> regions, CodeTree<Industry> industries)
    {
        var errors = new List<(string Field, string Message)>();
        void Error(string field, string message) => errors.Add((field, message));

        string? Text(string field, string? value, int maxLength, bool required)
        {
            var v = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            if (v is null)
            {
                if (required) Error(field, T["请填写{0}。", T[Label(field)]]);
                return null;
            }
            if (v.Length > maxLength) Error(field, T["{0}不能超过{1}个字符。", T[Label(field)], maxLength]);
            return v;
        }

        var name = Text(nameof(form.Name), form.Name, 100, required: true);
        var creditCode = Text(nameof(form.CreditCode), form.CreditCode?.ToUpperInvariant(), 64, submit);
        if (creditCode is not null && CreditCode.Validate(creditCode) is var codeError and not CreditCodeError.None)
            Error(nameof(form.CreditCode), CreditCodeMessage(codeError));
        var legal = Text(nameof(form.LegalRepresentative), form.LegalRepresentative, 50, submit);

        var industryCode = Text(nameof(form.IndustryCode), form.IndustryCode, 4, submit);
        if (industryCode is not null && industries.Find(industryCode) is not { Level: 4 })
            Error(nameof(form.IndustryCode), industries.Find(industryCode) is null
                ? T["所属行业“{0}”不存在。", industryCode] : T["请选择到小类（4位行业代码）。"]);

        var regionCode = Text(nameof(form.RegionCode), form.RegionCode, 6, submit);
        if (regionCode is not null)
        {
            var region = regions.Find(regionCode);
            if (region is null) Error(nameof(form.RegionCode), T["所在地区“{0}”不存在。", regionCode]);
            else if (region.Level < 2 || regions.HasChildren(region)) Error(nameof(form.RegionCode), T["请选择到区县。"]);
        }

        var registrationType = Text(nameof(form.RegistrationType), form.RegistrationType, 50, submit);
        if (registrationType is not null && !RegistrationTypes.Contains(registrationType))
            Error(nameof(form.RegistrationType), T["请从列表中选择注册类型。"]);
        var holdingType = Text(nameof(form.HoldingType), form.HoldingType, 20, submit);
        if (holdingType is not null && !HoldingTypes.Contains(holdingType))
            Error(nameof(form.HoldingType), T["请从列表中选择控股类型。"]);

        var revenue = Money(nameof(form.Revenue), Text(nameof(form.Revenue), form.Revenue, 20, submit));
        var employees = Persons(nameof(form.Employees), Text(nameof(form.Employees), form.Employees, 10, submit));
        var assets = Money(nameof(form.Assets), Text(nameof(form.Assets), form.Assets, 20, submit));

        var stockCode = Text(nameof(form.StockCode), form.StockCode, 20, submit && form.Listed);
        var address = Text(nameof(form.Address), form.Address, 200, submit);
        var postcode = Text(nameof(form.Postcode), form.Postcode, 6, false);
        if (postcode is not null && !PostcodePattern().IsMatch(postcode)) Error(nameof(form.Postcode), T["邮政编码应为6位数字。"]);

        DateOnly? openedOn = null;
        if (Text(nameof(form.OpenedOn), form.OpenedOn, 10, submit) is { } opened)
        {
            if (DateOnly.TryParseExact(opened, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) openedOn = d;
            else Error(nameof(form.OpenedOn), T["开业时间应为日期，格式如 2015-06-01。"]);
        }

        var website = Text(nameof(form.Website), form.Website, 200, false);
        if (website is not null && !IsWebsite(website)) Error(nameof(form.Website), T["企业网址须以 http:// 或 https:// 开头。"]);
        var contact = Text(nameof(form.ContactName), form.ContactName, 50, submit);
        var phone = Text(nameof(form.Phone), form.Phone, 30, false);
        if (phone is not null && !LandlinePattern().IsMatch(phone)) Error(nameof(form.Phone), T["电话请注明区号，区号和号码之间用“-”连接，如 0571-87654321。"]);
        var fax = Text(nameof(form.Fax), form.Fax, 30, false);
        if (fax is not null && !LandlinePattern().IsMatch(fax)) Error(nameof(form.Fax), T["传真请注明区号，区号和号码之间用“-”连接，如 0571-87654322。"]);
        var mobile = Text(nameof(form.Mobile), form.Mobile, 20, false);
        if (mobile is not null && !MobilePattern().IsMatch(mobile)) Error(nameof(form.Mobile), T["手机号码应为以1开头的11位数字。"]);
        if (submit && phone is null && mobile is null) Error(nameof(form.Phone), T["电话和手机至少填写一项。"]);
        var email = Text(nameof(form.Email), form.Email, 100, false);
        if (email is not null && !(MailAddress.TryCreate(email, out var address2) && address2.Address == email))
            Error(nameof(form.Email), T["电子邮箱格式不正确。"]);
        var business = Text(nameof(form.MainBusiness), form.MainBusiness, 500, false);

        var result = new EnterpriseValidation(new EnterpriseValues(name, creditCode, legal, industryCode, regionCode, registrationType,
            holdingType, revenue, employees, assets, form.Listed, form.Listed ? stockCode : null, address, postcode, openedOn, website,
            contact, phone, fax, mobile, email, business));
        foreach (var (field, message) in errors) result.Add(field, message);
        return result;

        decimal? Money(string field, string? text)
        {
            if (text is null) return null;
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
                Error(field, T["{0}应为数字。", T[Label(field)]]);
            else if (d < 0) Error(field, T["{0}不能为负数。", T[Label(field)]]);
            else if (d.Scale > 2 && decimal.Round(d, 2) != d) Error(field, T["{0}最多保留两位小数。", T[Label(field)]]);
            else if (d >= MaxMoney) Error(field, T["{0}超出范围，请检查单位（千元）。", T[Label(field)]]);
            else return d;
            return null;
        }

        int? Persons(string field, string? text)
        {
            if (text is null) return null;
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                Error(field, T["{0}应为整数。", T[Label(field)]]);
            else if (n < 0) Error(field, T["{0}不能为负数。", T[Label(field)]]);
            else return n;
            return null;
        }
    }

    /// <summary>企业名称已存在, with the advice of the manual (one enterprise, one user ID).</summary>
    public string NameTaken() => T["企业名称已存在：该企业已注册为监测平台用户。请联系本地区地方管理员查询对应的用户ID（一个企业只能对应一个用户ID）。"];

    /// <summary>组织机构代码已存在, with the same advice.</summary>
    public string CreditCodeTaken() => T["组织机构代码已存在：该企业已注册为监测平台用户。请联系本地区地方管理员查询对应的用户ID（一个企业只能对应一个用户ID）。"];

    public string CreditCodeMessage(CreditCodeError error) => error switch
    {
        CreditCodeError.WrongLength => T["统一社会信用代码应为18位。"],
        CreditCodeError.InvalidCharacter => T["统一社会信用代码含有不允许的字符：只能是数字和大写字母（不含 I、O、S、V、Z），第3至8位须为数字。"],
        _ => T["统一社会信用代码的校验位不正确。"],
    };

    /// <summary>The zh-CN label of a field (also its localization key).</summary>
    public static string Label(string field) => field switch
    {
        nameof(Enterprise.Name) => "企业名称",
        nameof(Enterprise.CreditCode) => "统一社会信用代码",
        nameof(Enterprise.LegalRepresentative) => "法人代表",
        nameof(Enterprise.IndustryCode) => "所属行业",
        nameof(Enterprise.RegionCode) => "所在地区",
        nameof(Enterprise.RegistrationType) => "注册类型",
        nameof(Enterprise.HoldingType) => "控股类型",
        nameof(Enterprise.Revenue) => "上年末营业收入",
        nameof(Enterprise.Employees) => "上年末从业人数",
        nameof(Enterprise.Assets) => "上年末资产总计",
        nameof(Enterprise.Size) => "企业规模",
        nameof(Enterprise.Listed) => "是否上市",
        nameof(Enterprise.StockCode) => "股票代码",
        nameof(Enterprise.Address) => "通讯地址",
        nameof(Enterprise.Postcode) => "邮政编码",
        nameof(Enterprise.OpenedOn) => "开业时间",
        nameof(Enterprise.Website) => "企业网址",
        nameof(Enterprise.ContactName) => "联系人",
        nameof(Enterprise.Phone) => "电话",
        nameof(Enterprise.Fax) => "传真",
        nameof(Enterprise.Mobile) => "手机",
        nameof(Enterprise.Email) => "电子邮箱",
        nameof(Enterprise.MainBusiness) => "主营业务/主要产品",
        _ => field,
    };

    private static bool IsWebsite(string s) =>
        (s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        && Uri.TryCreate(s, UriKind.Absolute, out var uri) && uri.Host.Length > 0 && !s.Any(char.IsWhiteSpace);

    [GeneratedRegex(@"^0\d{2,3}-\d{7,8}(-\d{1,6})?$")]
    private static partial Regex LandlinePattern();

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex PostcodePattern();
}
