namespace SmeMonitor.Reports.Services;

/// <summary>
/// A mistake the generator makes on purpose, so that data used for demos, queries and benchmarks also holds reports an
/// enterprise had to explain (the warning is confirmed with an explanation, the report is still 审核通过). Each shows as one
/// warning in its own report, and — because last year's columns are copied from last year's report as written — as the
/// last-year variant of the same rule in the same month one year later.
/// </summary>
public enum HistoryViolation
{
    /// <summary>
    /// Quarter-end month: 应收账款 typed above 资产总计. Warns <c>assets-over-receivables</c>; one year later
    /// <c>assets-over-receivables-last-year</c>.
    /// </summary>
    ReceivablesOverAssets = 1,
    /// <summary>
    /// Not January: 营业收入 本年1-本月 typed below last month's cumulative. Warns <c>revenue-cumulative</c>; one year later
    /// <c>revenue-last-year-cumulative</c>. (The next month's cumulative is the true one, so it adds up with its month and
    /// the true, not the typed, cumulative.)
    /// </summary>
    RevenueCumulativeDrop = 2,
}

/// <summary>One generated month report: its values (applicable indicators only), its own mistakes and the warnings it raises.</summary>
public sealed record GeneratedReport(ReportPeriod Period, IReadOnlyDictionary<string, IndicatorValues> Values,
    IReadOnlyList<HistoryViolation> Violations, IReadOnlyList<string> ExpectedWarnings);

/// <summary>
/// Generates an enterprise's monthly reports for the national report type as an approved history, deterministically from a
/// seed: internally consistent and plausible (数据生成器). Per enterprise a size, a yearly growth of −15%..+15%, a profile
/// (cost ratio, export share, power intensity, loans, …); per month a seasonal factor (Spring Festival dip, December peak)
/// and a little noise. Every month of the year before the first report is simulated too, so last year's columns exist.
/// <list type="bullet">
/// <item>Flows: 本年1-本月 = the sum of this year's 本年本月 (January: equal). Stocks: both columns are the month-end balance.
/// Ratios: 本年1-本月 is this year's average.</item>
/// <item>上年本月 / 上年1-本月 = last year's report's 本年本月 / 本年1-本月, as that report holds them.</item>
/// <item>Only applicable indicators are filled (industrial ones for 门类 B, C, D; quarter-end ones in quarter-end months;
/// a province's own indicators from a generic profile), all with two decimals at most.</item>
/// <item>资产总计 exceeds 应收账款 and 产成品; non-negative indicators are never negative (利润总额 may be).</item>
/// <item>With a <c>violationRate</c> &gt; 0, that share of the reports (from the second month on) gets one
/// <see cref="HistoryViolation"/>; <see cref="GeneratedReport.ExpectedWarnings"/> lists the rule ids it causes.</item>
/// </list>
/// Pure: no database. <see cref="ReportHistoryWriter"/> stores the result.
/// </summary>
public sealed class ReportHistoryGenerator(ReportChecker checker)
{
    /// <summary>Spring Festival dip in Jan/Feb, year-end peak.</summary>
    private static readonly double[] Season = [0.86, 0.72, 1.00, 0.98, 1.00, 1.04, 0.97, 0.98, 1.03, 1.02, 1.08, 1.26];

    /// <param name="seed">Same seed, definition, enterprise and periods → the same reports.</param>
    /// <param name="violationRate">Share (0..1) of reports, from the second on, that get a deliberate mistake.</param>
    public IReadOnlyList<GeneratedReport> Generate(ReportDefinition definition, EnterpriseFacts enterprise, ReportPeriod first, int months,
        int seed, double violationRate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(months);
        var random = new Random(seed);
        var profile = Profile.Create(random);
        // Simulate from January of the year before the first report: last year's columns and year-to-date sums need it.
        var start = new ReportPeriod(first.Year - 1, 1);
        var count = first.Index - start.Index + months;
        var typed = new Dictionary<string, (decimal M, decimal C)>[count];
        var codes = definition.Indicators.Select(i => i.Code).ToList();
        var kinds = definition.Indicators.ToDictionary(i => i.Code, i => i.Kind, StringComparer.Ordinal);
        var running = new Dictionary<string, decimal>(StringComparer.Ordinal);
        for (var t = 0; t < count; t++)
        {
            var period = new ReportPeriod(start.Year + (start.Month - 1 + t) / 12, (start.Month - 1 + t) % 12 + 1);
            if (period.IsJanuary) running.Clear();
            var month = profile.Month(random, t, period.Month, codes);
            var row = new Dictionary<string, (decimal, decimal)>(StringComparer.Ordinal);
            foreach (var (code, value) in month)
            {
                var kind = kinds[code];
                var sum = running.GetValueOrDefault(code) + value;
                running[code] = sum;
                row[code] = kind switch
                {
                    IndicatorKind.Flow => (value, sum),
                    IndicatorKind.Ratio => (value, Math.Round(sum / period.Month, 2, MidpointRounding.AwayFromZero)),
                    _ => (value, value),
                };
            }
            typed[t] = row;
        }

        var violations = new HistoryViolation?[count];
        var reports = new List<GeneratedReport>(months);
        var offset = first.Index - start.Index;
        for (var t = offset; t < count; t++)
        {
            var period = new ReportPeriod(start.Year + (t / 12), t % 12 + 1);
            var quarterEnd = definition.QuarterEndMonths.Contains(period.Month);
            // The draw happens for every report, so the data does not shift when the rate changes.
            var roll = random.NextDouble();
            var pick = random.Next(2);
            if (t > offset && roll < violationRate)
            {
                HistoryViolation? v = quarterEnd && (pick == 0 || period.IsJanuary) ? HistoryViolation.ReceivablesOverAssets
                    : !period.IsJanuary ? HistoryViolation.RevenueCumulativeDrop : null;
                if (v == HistoryViolation.ReceivablesOverAssets && typed[t].TryGetValue("assets", out var assets) && typed[t].ContainsKey("receivables"))
                {
                    var over = Math.Round(assets.C * 1.1m + 1, 2);
                    typed[t]["receivables"] = (over, over);
                    violations[t] = v;
                }
                else if (v == HistoryViolation.RevenueCumulativeDrop && typed[t].ContainsKey("revenue"))
                {
                    var (m, _) = typed[t]["revenue"];
                    typed[t]["revenue"] = (m, Math.Round(typed[t - 1]["revenue"].C * 0.9m, 2));
                    violations[t] = v;
                }
            }

            var applicable = checker.Applicable(definition, enterprise, period);
            var values = new Dictionary<string, IndicatorValues>(StringComparer.Ordinal);
            foreach (var indicator in applicable)
            {
                var (m, c) = typed[t][indicator.Code];
                var (lm, lc) = typed[t - 12][indicator.Code];
                values[indicator.Code] = new IndicatorValues(m, c, lm, lc);
            }
            var codesHere = applicable.Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
            var expected = new List<string>();
            if (violations[t] is { } own) expected.Add(own == HistoryViolation.ReceivablesOverAssets ? "assets-over-receivables" : "revenue-cumulative");
            if (t - 12 >= offset && violations[t - 12] is { } before)
                expected.Add(before == HistoryViolation.ReceivablesOverAssets ? "assets-over-receivables-last-year" : "revenue-last-year-cumulative");
            reports.Add(new GeneratedReport(period, values, violations[t] is { } x ? [x] : [],
                [.. expected.Where(id => definition.Rules.Any(r => r.Id == id) && codesHere.IsSupersetOf(definition.Rules.First(r => r.Id == id).Indicators))]));
        }
        return reports;
    }

    /// <summary>One enterprise's economics; <see cref="Month"/> gives a month's 本年本月 (or balance) for every indicator.</summary>
    private sealed record Profile(double Revenue, double Growth, double CostRatio, double OutputRatio, double ExportShare, double KwhPerThousand,
        double Capacity, double Loans, double ReceivableMonths, double StockMonths, double TaxShare, double Employees, double PayPerHead,
        double OverdueShare, double OtherAssetMonths, double LiabilityShare, double ExpenseShare)
    {
        public static Profile Create(Random r) => new(
            Revenue: Math.Exp(Between(r, Math.Log(300), Math.Log(30_000))), // 千元 a month: 3.6 m to 360 m yuan a year
            Growth: Between(r, -0.15, 0.15),
            CostRatio: Between(r, 0.70, 0.90),
            OutputRatio: Between(r, 0.90, 1.10),
            ExportShare: r.NextDouble() < 0.4 ? Between(r, 0.05, 0.4) : 0,
            KwhPerThousand: Between(r, 20, 250),
            Capacity: Between(r, 55, 90),
            Loans: r.NextDouble() < 0.6 ? Between(r, 1, 6) : 0,
            ReceivableMonths: Between(r, 0.8, 2.5),
            StockMonths: Between(r, 0.3, 1.2),
            TaxShare: Between(r, 0.02, 0.06),
            Employees: Between(r, 0.004, 0.03), // persons per 千元 of monthly revenue
            PayPerHead: Between(r, 5, 12),
            OverdueShare: Between(r, 0.03, 0.25),
            OtherAssetMonths: Between(r, 3, 12),
            LiabilityShare: Between(r, 0.3, 0.7),
            ExpenseShare: Between(r, 0.03, 0.10));

        /// <summary>Month <paramref name="t"/> (0 = the first simulated January) for every code; unknown codes get a small flow.</summary>
        public Dictionary<string, decimal> Month(Random r, int t, int month, IReadOnlyList<string> codes)
        {
            var trend = Math.Pow(1 + Growth, t / 12.0);
            double Noise(double spread = 0.04) => 1 + Between(r, -spread, spread);
            var level = Revenue * trend; // without season: balances follow it
            var revenue = level * Season[month - 1] * Noise();
            var cost = revenue * CostRatio * Noise(0.02);
            var output = revenue * OutputRatio * Noise(0.03);
            var loans = level * Loans;
            var finance = loans * 0.0035 * Noise(0.1);
            var receivables = level * ReceivableMonths * Noise(0.05);
            var finished = level * StockMonths * Noise(0.08);
            var fixedInvestment = r.NextDouble() < 0.3 ? level * Between(r, 0.05, 0.5) : 0;
            var employees = Math.Max(3, Math.Round(Revenue * Employees * Math.Pow(1 + Growth / 2, t / 12.0) * Noise(0.02)));
            var assets = receivables + finished + level * OtherAssetMonths;
            var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var code in codes)
            {
                values[code] = Money(code switch
                {
                    "output" => output,
                    "exportValue" => output * ExportShare * Noise(0.1),
                    "electricity" => output * KwhPerThousand * Noise(0.05),
                    "capacityUtilization" => Math.Min(100, Capacity * Season[month - 1] * Noise(0.03)),
                    "revenue" => revenue,
                    "cost" => cost,
                    "loans" => loans,
                    "financeCost" => finance,
                    "receivables" => receivables,
                    "finishedGoods" => finished,
                    "profit" => revenue - cost - finance - revenue * ExpenseShare * Noise(0.2),
                    "taxes" => revenue * TaxShare,
                    "employees" => employees,
                    "overdueReceivables" => receivables * OverdueShare,
                    "payroll" => employees * PayPerHead * Noise(0.03),
                    "assets" => assets,
                    "liabilities" => assets * LiabilityShare,
                    "fixedInvestment" => fixedInvestment,
                    _ => revenue * 0.02 * Noise(0.2),
                });
            }
            return values;
        }

        private static decimal Money(double value) => Math.Round((decimal)value, 2, MidpointRounding.AwayFromZero);
    }

    private static double Between(Random r, double low, double high) => low + r.NextDouble() * (high - low);
}
