using SmeMonitor.Directory.Models;

namespace SmeMonitor.Directory.Services;

/// <summary>Why a classification has, or has no, size.</summary>
public enum SizeOutcome
{
    Classified,
    /// <summary>The industry code is not in the industry table.</summary>
    UnknownIndustry,
    /// <summary>The code is above industries of different groups (e.g. 59: 591 is transport, 592 storage); pick a finer one.</summary>
    IndustryTooBroad,
    /// <summary>The standard does not classify this industry (金融业 J, 教育 P, 卫生 Q84, 铁路 53, 704, S, T).</summary>
    NotCovered,
    /// <summary>An indicator the industry's group is judged by was not given.</summary>
    MissingIndicators,
    /// <summary>No size standard has been loaded.</summary>
    NoStandard,
}

/// <summary>Where one indicator falls: its value (千元 for money, persons) and the band it reaches.</summary>
public sealed record IndicatorBand(SizeIndicator Indicator, decimal Value, SizeBounds Bounds, EnterpriseSize Band);

public sealed record SizeClassification(
    SizeOutcome Outcome,
    Industry? Industry,
    SizeGroup? Group,
    EnterpriseSize? Size,
    IReadOnlyList<IndicatorBand> Bands,
    IReadOnlyList<SizeIndicator> Missing);

/// <summary>A size standard that does not fit the industry table: where in the step (relative path) and why.</summary>
public sealed class InvalidSizeStandardException(string path, string reason) : Exception($"{path}: {reason}")
{
    public string Path { get; } = path;
    public string Reason { get; } = reason;
}

/// <summary>
/// Enterprise size by 统计上大中小微型企业划分办法（2017）(ENT-3), driven by the recipe's table.
/// Combination rule (说明 1): 大型, 中型 and 小型 must reach every listed lower bound, otherwise the
/// enterprise drops a band; 微型 needs only one. That is the same as taking, over the group's
/// indicators, the smallest band each one reaches. A missing indicator gives no size (not 微型).
/// Inputs are 千元 for money and persons for employees.
/// </summary>
public sealed class SizeClassifier
{
    private const int NotCovered = -1;
    private const int Mixed = -2;

    // Group index for every industry code (every level), NotCovered or Mixed: worked out once.
    private readonly Dictionary<string, int> _groupOf = new(StringComparer.Ordinal);

    public SizeStandard Standard { get; }
    public CodeTree<Industry> Industries { get; }

    /// <exception cref="InvalidSizeStandardException">A code is unknown, an exception is outside its group, or groups overlap.</exception>
    public SizeClassifier(SizeStandard standard, CodeTree<Industry> industries)
    {
        Standard = standard;
        Industries = industries;
        var includes = new HashSet<string>[standard.Groups.Count];
        var excludes = new HashSet<string>[standard.Groups.Count];
        for (var g = 0; g < standard.Groups.Count; g++)
        {
            var group = standard.Groups[g];
            for (var i = 0; i < group.Industries.Count; i++)
                if (industries.Find(group.Industries[i]) is null)
                    throw new InvalidSizeStandardException($"groups[{g}].industries[{i}]", $"unknown industry code '{group.Industries[i]}'");
            includes[g] = group.Industries.ToHashSet(StringComparer.Ordinal);
            var except = group.Except ?? [];
            for (var i = 0; i < except.Count; i++)
            {
                var e = industries.Find(except[i]) ?? throw new InvalidSizeStandardException($"groups[{g}].except[{i}]", $"unknown industry code '{except[i]}'");
                if (!industries.PathTo(e).SkipLast(1).Any(x => includes[g].Contains(x.Code)))
                    throw new InvalidSizeStandardException($"groups[{g}].except[{i}]", $"'{except[i]}' is not inside any of the group's industries");
            }
            excludes[g] = except.ToHashSet(StringComparer.Ordinal);
        }

        foreach (var root in industries.Roots) Assign(root);

        int Assign(Industry node)
        {
            var children = industries.ChildrenOf(node);
            int result;
            if (children.Count == 0)
            {
                var path = industries.PathTo(node).Select(x => x.Code).ToList();
                result = NotCovered;
                for (var g = 0; g < includes.Length; g++)
                {
                    if (!path.Any(includes[g].Contains) || path.Any(excludes[g].Contains)) continue;
                    if (result != NotCovered)
                        throw new InvalidSizeStandardException($"groups[{g}].industries",
                            $"industry {node.Code} is also covered by group '{standard.Groups[result].Name}'; groups must not overlap");
                    result = g;
                }
            }
            else
            {
                // Assign every child (not only until the first difference) so that overlaps anywhere are found.
                var groups = children.Select(Assign).ToList();
                result = groups.All(x => x == groups[0]) ? groups[0] : Mixed;
            }
            _groupOf[node.Code] = result;
            return result;
        }
    }

    /// <param name="industryCode">GB/T 4754-2017 code of any level; a 小类 is always decisive.</param>
    /// <param name="revenue">营业收入, 千元.</param>
    /// <param name="employees">从业人员, persons.</param>
    /// <param name="assets">资产总计, 千元.</param>
    public SizeClassification Classify(string industryCode, decimal? revenue, int? employees, decimal? assets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revenue ?? 0, nameof(revenue));
        ArgumentOutOfRangeException.ThrowIfNegative(employees ?? 0, nameof(employees));
        ArgumentOutOfRangeException.ThrowIfNegative(assets ?? 0, nameof(assets));

        var industry = Industries.Find(industryCode);
        if (industry is null) return new(SizeOutcome.UnknownIndustry, null, null, null, [], []);
        var g = _groupOf[industry.Code];
        if (g == Mixed) return new(SizeOutcome.IndustryTooBroad, industry, null, null, [], []);
        if (g == NotCovered) return new(SizeOutcome.NotCovered, industry, null, null, [], []);

        var group = Standard.Groups[g];
        var bands = new List<IndicatorBand>();
        var missing = new List<SizeIndicator>();
        foreach (var (indicator, bounds) in group.Thresholds.Listed())
        {
            decimal? value = indicator switch
            {
                SizeIndicator.Employees => employees,
                SizeIndicator.Revenue => revenue,
                _ => assets,
            };
            if (value is null)
            {
                missing.Add(indicator);
                continue;
            }
            var factor = indicator == SizeIndicator.Employees ? 1m : Standard.MoneyFactor;
            var band = value >= bounds.Large * factor ? EnterpriseSize.Large
                : value >= bounds.Medium * factor ? EnterpriseSize.Medium
                : value >= bounds.Small * factor ? EnterpriseSize.Small
                : EnterpriseSize.Micro;
            bands.Add(new IndicatorBand(indicator, value.Value, bounds, band));
        }
        if (missing.Count > 0) return new(SizeOutcome.MissingIndicators, industry, group, null, bands, missing);
        return new(SizeOutcome.Classified, industry, group, bands.Max(b => b.Band), bands, []);
    }
}
