using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmeMonitor.Directory.Models;
using SmeMonitor.Directory.Services;
using SmeMonitor.Enterprises;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Tests.Directory;

namespace SmeMonitor.Tests.Enterprises;

/// <summary>Every rule of ENT-2, each against a form that is valid apart from the one thing under test.</summary>
public class RegistrationValidatorTests
{
    private static readonly CodeTree<Region> Regions = new(
    [
        new Region { Code = "330000", Name = "浙江省", Level = 1 },
        new Region { Code = "330100", Name = "杭州市", ParentCode = "330000", Level = 2 },
        new Region { Code = "330102", Name = "上城区", ParentCode = "330100", Level = 3 },
        new Region { Code = "440000", Name = "广东省", Level = 1 },
        new Region { Code = "441900", Name = "东莞市", ParentCode = "440000", Level = 2 },
    ]);

    private readonly EnterpriseValidator _validator = new(new StringLocalizer<Strings>(new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance)));

    private static readonly string ValidCode = RegistrationTestKit.Code("330102", 1);

    private static EnterpriseForm Form(Action<EnterpriseForm>? change = null)
    {
        var form = RegistrationTestKit.CompleteForm("杭州测试机械有限公司", ValidCode);
        change?.Invoke(form);
        return form;
    }

    private EnterpriseValidation Submit(Action<EnterpriseForm> change) => _validator.Validate(Form(change), true, Regions, NationalData.Industries);

    private EnterpriseValidation Draft(EnterpriseForm form) => _validator.Validate(form, false, Regions, NationalData.Industries);

    [Fact]
    public void A_complete_form_passes_and_is_parsed()
    {
        var result = _validator.Validate(Form(f => f.CreditCode = " " + ValidCode.ToLowerInvariant() + " "), true, Regions, NationalData.Industries);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(ValidCode, result.Values.CreditCode);
        Assert.Equal(5000m, result.Values.Revenue);
        Assert.Equal(50, result.Values.Employees);
        Assert.Equal(new DateOnly(2015, 6, 1), result.Values.OpenedOn);
    }

    [Theory]
    [InlineData(nameof(EnterpriseForm.Name))]
    [InlineData(nameof(EnterpriseForm.CreditCode))]
    [InlineData(nameof(EnterpriseForm.LegalRepresentative))]
    [InlineData(nameof(EnterpriseForm.IndustryCode))]
    [InlineData(nameof(EnterpriseForm.RegionCode))]
    [InlineData(nameof(EnterpriseForm.RegistrationType))]
    [InlineData(nameof(EnterpriseForm.HoldingType))]
    [InlineData(nameof(EnterpriseForm.Revenue))]
    [InlineData(nameof(EnterpriseForm.Employees))]
    [InlineData(nameof(EnterpriseForm.Assets))]
    [InlineData(nameof(EnterpriseForm.Address))]
    [InlineData(nameof(EnterpriseForm.OpenedOn))]
    [InlineData(nameof(EnterpriseForm.ContactName))]
    public void Submitting_needs_every_required_field(string field)
    {
        var result = Submit(f => typeof(EnterpriseForm).GetProperty(field)!.SetValue(f, "  "));
        Assert.Equal([field], result.Errors.Keys);
        Assert.StartsWith("请填写", result.Errors[field]);
    }

    [Fact]
    public void A_draft_checks_only_what_is_filled_but_needs_the_name()
    {
        Assert.True(Draft(new EnterpriseForm { Name = "只有名称的企业" }).IsValid);
        Assert.Equal([nameof(EnterpriseForm.Name)], Draft(new EnterpriseForm { Mobile = "13912345678" }).Errors.Keys);
        Assert.Equal([nameof(EnterpriseForm.Postcode)], Draft(new EnterpriseForm { Name = "某企业", Postcode = "3100" }).Errors.Keys);
    }

    [Theory]
    [InlineData("91330102000000001", "应为18位")]
    [InlineData("91330102000000001XX", "应为18位")]
    [InlineData("91330102O00000001X", "不允许的字符")]
    public void The_credit_code_is_18_characters_of_its_alphabet(string code, string message)
    {
        var result = Submit(f => f.CreditCode = code);
        Assert.Contains(message, result.Errors[nameof(EnterpriseForm.CreditCode)]);
    }

    [Fact]
    public void The_credit_code_check_character_is_verified()
    {
        var wrong = ValidCode[..17] + (ValidCode[17] == '0' ? '1' : '0');
        Assert.Contains("校验位", Submit(f => f.CreditCode = wrong).Errors[nameof(EnterpriseForm.CreditCode)]);
    }

    [Theory]
    [InlineData("www.example.cn", false)]
    [InlineData("ftp://example.cn", false)]
    [InlineData("http://", false)]
    [InlineData("http://example.cn", true)]
    [InlineData("HTTPS://example.cn/about", true)]
    public void The_website_starts_with_http_or_https(string website, bool valid) =>
        Assert.Equal(valid, !Submit(f => f.Website = website).Errors.ContainsKey(nameof(EnterpriseForm.Website)));

    [Theory]
    [InlineData("0571-87654321", true)]
    [InlineData("010-1234567", true)]
    [InlineData("0571-87654321-123", true)]
    [InlineData("87654321", false)]
    [InlineData("571-87654321", false)]
    [InlineData("05711-87654321", false)]
    [InlineData("0571 87654321", false)]
    [InlineData("0571-876543", false)]
    [InlineData("0571-876543210", false)]
    public void The_landline_is_area_code_hyphen_number(string phone, bool valid)
    {
        Assert.Equal(valid, !Submit(f => f.Phone = phone).Errors.ContainsKey(nameof(EnterpriseForm.Phone)));
        Assert.Equal(valid, !Submit(f => f.Fax = phone).Errors.ContainsKey(nameof(EnterpriseForm.Fax)));
    }

    [Fact]
    public void At_least_one_of_landline_and_mobile()
    {
        Assert.Contains("至少填写一项", Submit(f => (f.Phone, f.Mobile) = (null, null)).Errors[nameof(EnterpriseForm.Phone)]);
        Assert.True(Submit(f => f.Phone = null).IsValid);
        Assert.True(Submit(f => f.Mobile = null).IsValid);
    }

    [Theory]
    [InlineData("13912345678", true)]
    [InlineData("19912345678", true)]
    [InlineData("12912345678", false)]
    [InlineData("1391234567", false)]
    [InlineData("139123456789", false)]
    [InlineData("1391234567a", false)]
    public void The_mobile_is_11_digits_starting_1_3_to_9(string mobile, bool valid) =>
        Assert.Equal(valid, !Submit(f => f.Mobile = mobile).Errors.ContainsKey(nameof(EnterpriseForm.Mobile)));

    [Theory]
    [InlineData("310000", true)]
    [InlineData("31000", false)]
    [InlineData("3100001", false)]
    [InlineData("31000a", false)]
    public void The_postcode_is_6_digits(string postcode, bool valid) =>
        Assert.Equal(valid, !Submit(f => f.Postcode = postcode).Errors.ContainsKey(nameof(EnterpriseForm.Postcode)));

    [Theory]
    [InlineData("a@example.cn", true)]
    [InlineData("a@", false)]
    [InlineData("a b@example.cn", false)]
    [InlineData("Name <a@example.cn>", false)]
    public void The_email_is_an_address(string email, bool valid) =>
        Assert.Equal(valid, !Submit(f => f.Email = email).Errors.ContainsKey(nameof(EnterpriseForm.Email)));

    [Theory]
    [InlineData("C", "小类")]
    [InlineData("33", "小类")]
    [InlineData("331", "小类")]
    [InlineData("9999", "不存在")]
    public void The_industry_is_an_existing_small_class(string code, string message) =>
        Assert.Contains(message, Submit(f => f.IndustryCode = code).Errors[nameof(EnterpriseForm.IndustryCode)]);

    [Theory]
    [InlineData("330000", "区县")]
    [InlineData("330100", "区县")]
    [InlineData("339999", "不存在")]
    public void The_region_is_an_existing_county(string code, string message) =>
        Assert.Contains(message, Submit(f => f.RegionCode = code).Errors[nameof(EnterpriseForm.RegionCode)]);

    [Fact]
    public void A_prefecture_without_counties_counts_as_a_county() =>
        Assert.True(Submit(f => f.RegionCode = "441900").IsValid);

    [Fact]
    public void A_listed_enterprise_needs_its_stock_code()
    {
        Assert.Equal([nameof(EnterpriseForm.StockCode)], Submit(f => f.Listed = true).Errors.Keys);
        var listed = Submit(f => (f.Listed, f.StockCode) = (true, "600001"));
        Assert.True(listed.IsValid);
        Assert.Equal("600001", listed.Values.StockCode);
        Assert.Null(Submit(f => f.StockCode = "600001").Values.StockCode); // not listed: no stock code kept
    }

    [Theory]
    [InlineData(nameof(EnterpriseForm.Revenue), "-1", "负数")]
    [InlineData(nameof(EnterpriseForm.Assets), "-0.5", "负数")]
    [InlineData(nameof(EnterpriseForm.Employees), "-3", "负数")]
    [InlineData(nameof(EnterpriseForm.Revenue), "abc", "数字")]
    [InlineData(nameof(EnterpriseForm.Revenue), "1.234", "两位小数")]
    [InlineData(nameof(EnterpriseForm.Employees), "1.5", "整数")]
    [InlineData(nameof(EnterpriseForm.Assets), "1000000000000", "超出范围")]
    public void Figures_are_non_negative_numbers(string field, string value, string message)
    {
        var result = Submit(f => typeof(EnterpriseForm).GetProperty(field)!.SetValue(f, value));
        Assert.Contains(message, result.Errors[field]);
    }

    [Fact]
    public void Zero_figures_are_allowed() => Assert.True(Submit(f => (f.Revenue, f.Employees, f.Assets) = ("0", "0", "0")).IsValid);

    [Theory]
    [InlineData("2015/06/01")]
    [InlineData("2015-13-01")]
    public void The_opening_date_is_a_date(string date) =>
        Assert.Contains("日期", Submit(f => f.OpenedOn = date).Errors[nameof(EnterpriseForm.OpenedOn)]);

    [Fact]
    public void Registration_and_holding_types_come_from_their_lists()
    {
        Assert.Equal([nameof(EnterpriseForm.RegistrationType)], Submit(f => f.RegistrationType = "随便写").Errors.Keys);
        Assert.Equal([nameof(EnterpriseForm.HoldingType)], Submit(f => f.HoldingType = "国有控股X").Errors.Keys);
    }

    [Fact]
    public void Texts_longer_than_their_column_are_refused() =>
        Assert.Contains("不能超过100个字符", Submit(f => f.Name = new string('企', 101)).Errors[nameof(EnterpriseForm.Name)]);

    [Fact]
    public void Uniqueness_messages_follow_the_manual_and_advise_the_local_administrator()
    {
        Assert.StartsWith("企业名称已存在", _validator.NameTaken());
        Assert.StartsWith("组织机构代码已存在", _validator.CreditCodeTaken());
        Assert.Contains("一个企业只能对应一个用户ID", _validator.NameTaken());
        Assert.Contains("地方管理员", _validator.CreditCodeTaken());
    }

    [Theory]
    [InlineData("5000", "50", EnterpriseSize.Small)]
    [InlineData("500000", "1500", EnterpriseSize.Large)]
    [InlineData("50000", "400", EnterpriseSize.Medium)]
    [InlineData("100", "5", EnterpriseSize.Micro)]
    public void The_size_is_computed_from_the_parsed_figures_and_industry(string revenue, string employees, EnterpriseSize size)
    {
        var values = Submit(f => (f.Revenue, f.Employees) = (revenue, employees)).Values;
        var enterprise = new Enterprise();
        values.ApplyTo(enterprise);
        Assert.Equal(size, RegistrationService.SizeOf(NationalData.Classifier, enterprise));
    }

    [Fact]
    public void No_size_without_a_figure_or_for_an_industry_the_standard_does_not_cover()
    {
        Assert.Null(RegistrationService.SizeOf(NationalData.Classifier, new Enterprise { IndustryCode = "3311", Revenue = 5000 }));
        Assert.Null(RegistrationService.SizeOf(NationalData.Classifier, new Enterprise { IndustryCode = "6620", Revenue = 5000, Employees = 50, Assets = 10 }));
        Assert.Null(RegistrationService.SizeOf(null, new Enterprise { IndustryCode = "3311", Revenue = 5000, Employees = 50, Assets = 10 }));
    }
}
