using System.Globalization;
using Microsoft.Extensions.Localization;
using SmeMonitor.Directory.Models;

namespace SmeMonitor.Directory.Services;

/// <summary>Says in the user's language how a size classification came about.</summary>
public sealed class SizeExplainer(IStringLocalizer<Strings> T)
{
    public string SizeName(EnterpriseSize size) => size switch
    {
        EnterpriseSize.Large => T["大型"],
        EnterpriseSize.Medium => T["中型"],
        EnterpriseSize.Small => T["小型"],
        _ => T["微型"],
    };

    public string IndicatorName(SizeIndicator indicator) => indicator switch
    {
        SizeIndicator.Employees => T["从业人员"],
        SizeIndicator.Revenue => T["营业收入"],
        _ => T["资产总额"],
    };

    /// <summary>The unit of an indicator's input: persons, or 千元 for money.</summary>
    public string InputUnit(SizeIndicator indicator) => indicator == SizeIndicator.Employees ? T["人"] : T["千元"];

    /// <summary>The unit of an indicator's thresholds in the standard.</summary>
    public string BoundsUnit(SizeIndicator indicator, SizeStandard standard) =>
        indicator == SizeIndicator.Employees ? T["人"] : T[standard.MoneyUnit];

    public string Explain(SizeClassification result, SizeStandard? standard)
    {
        var industry = result.Industry is null ? "" : $"{result.Industry.Code} {result.Industry.Name}";
        switch (result.Outcome)
        {
            case SizeOutcome.NoStandard: return T["尚未加载企业规模划分标准。"];
            case SizeOutcome.UnknownIndustry: return T["行业代码不存在。"];
            case SizeOutcome.IndustryTooBroad: return T["{0} 包含适用不同划分标准的行业，请选择更具体的行业。", industry];
            case SizeOutcome.NotCovered: return T["{0} 不在《{1}》的适用范围内，不划分企业规模。", industry, standard!.Standard];
        }
        var parts = new List<string> { T["{0} 适用“{1}”的标准。", industry, result.Group!.Name] };
        parts.AddRange(result.Bands.Select(b => Describe(b, standard!)));
        if (result.Outcome == SizeOutcome.MissingIndicators)
            parts.Add(T["缺少{0}，无法划分规模（缺少指标时不按微型处理）。", string.Join(T["、"], result.Missing.Select(IndicatorName))]);
        else
            parts.Add(T["大型、中型和小型须同时满足所列指标的下限，否则下划一档；微型只须满足其中一项。结果：{0}。", SizeName(result.Size!.Value)]);
        return string.Join(" ", parts);
    }

    private string Describe(IndicatorBand b, SizeStandard standard)
    {
        var unit = BoundsUnit(b.Indicator, standard);
        var value = $"{Number(b.Value)} {InputUnit(b.Indicator)}";
        if (b.Indicator != SizeIndicator.Employees && standard.MoneyFactor != 1)
            value += $" = {Number(b.Value / standard.MoneyFactor)} {unit}";
        var rule = b.Band switch
        {
            EnterpriseSize.Large => $"≥ {Number(b.Bounds.Large)}",
            EnterpriseSize.Medium => $"{Number(b.Bounds.Medium)} ≤ … < {Number(b.Bounds.Large)}",
            EnterpriseSize.Small => $"{Number(b.Bounds.Small)} ≤ … < {Number(b.Bounds.Medium)}",
            _ => $"< {Number(b.Bounds.Small)}",
        };
        return T["{0} {1}：{2}（{3} {4}）。", IndicatorName(b.Indicator), value, SizeName(b.Band), rule, unit];
    }

    private static string Number(decimal d) => d.ToString("#,0.###", CultureInfo.CurrentCulture);
}
