using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SmeMonitor.Core.Data;
using SmeMonitor.Directory.Services;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;

namespace SmeMonitor.Reports.Services;

/// <summary>What <see cref="ReportHistoryWriter.WriteAsync"/> stored.</summary>
public sealed record HistoryWritten(int Enterprises, int Reports, int Values, int Violations);

/// <summary>
/// Stores <see cref="ReportHistoryGenerator"/> output as approved reports (审核通过) of the current version of a report type:
/// the values, the transitions 编辑 → 审核中 → 审核通过 (by the enterprise's account, approval by the platform), and for each
/// expected warning a confirmation with an explanation, as a real approved report would have. Dates lie in the month after
/// the period. Bulk: plain INSERTs past EF's change tracker, one transaction per batch of enterprises (or the caller's, e.g. a recipe's). Not audited: generated history is
/// platform data (demo recipe, benchmarks, tests), not a person's change. Enterprises that already have a report of the
/// type are left alone, so applying twice adds nothing.
/// </summary>
public sealed class ReportHistoryWriter(SmeDbContext db, ReportTypeService types, ReportHistoryGenerator generator, IndustryDirectory industries)
{
    private static readonly string[] Fillers = ["王明", "李华", "张伟", "刘洋", "陈静", "杨帆", "赵丽", "周杰"];

    /// <param name="enterpriseIds">Approved enterprises to fill; null = every approved, enabled enterprise.</param>
    /// <param name="seed">Each enterprise's data comes from this seed and its credit code (or id), so it does not depend on order or database.</param>
    public async Task<HistoryWritten> WriteAsync(string reportType, ReportPeriod first, int months, int seed, double violationRate,
        IReadOnlyCollection<long>? enterpriseIds = null, int batchSize = 100, CancellationToken ct = default)
    {
        var type = await types.FindAsync(reportType, ct) ?? throw new InvalidOperationException($"Report type '{reportType}' does not exist.");
        var query = db.Set<Enterprise>().AsNoTracking().Where(e => e.Status == RegistrationStatus.Approved && !e.Disabled
            && !db.Set<Report>().Any(r => r.EnterpriseId == e.Id && r.ReportTypeId == type.Type.Id));
        if (enterpriseIds is not null) query = query.Where(e => enterpriseIds.Contains(e.Id));
        var enterprises = await query.OrderBy(e => e.Id).ToListAsync(ct);

        var (reports, values, violations) = (0, 0, 0);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var batch in enterprises.Chunk(Math.Max(1, batchSize)))
            {
                var rows = new List<Report>();
                foreach (var e in batch)
                {
                    var facts = new EnterpriseFacts(e.RegionCode, e.IndustryCode, (await industries.FindAsync(e.IndustryCode, ct))?.Section, e.Size);
                    var generated = generator.Generate(type.Definition, facts, first, months, SeedOf(seed, e), violationRate);
                    var filler = Fillers[(int)(e.Id % Fillers.Length)];
                    foreach (var g in generated)
                    {
                        var report = ToReport(e, type, g, filler);
                        rows.Add(report);
                        values += report.Values.Count;
                        violations += g.Violations.Count;
                    }
                }
                if (db.Database.CurrentTransaction is not null) await StoreAsync(type.Type.Id, batch, rows, ct); // a recipe's transaction
                else
                    await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                    {
                        await using var tx = await db.Database.BeginTransactionAsync(ct);
                        await StoreAsync(type.Type.Id, batch, rows, ct);
                        await tx.CommitAsync(ct);
                    });
                reports += rows.Count;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return new HistoryWritten(enterprises.Count, reports, values, violations);
    }

    /// <summary>
    /// Inserts the reports, reads back their ids, then inserts their values, transitions and confirmations: INSERTs
    /// built from the EF model (table and column names, value conversions), so both providers get the same columns. EF's
    /// change tracker is bypassed because at demo-recipe size (≈ 200,000 value rows) it costs minutes at first start on a busy machine.
    /// </summary>
    private async Task StoreAsync(long typeId, Enterprise[] batch, List<Report> rows, CancellationToken ct)
    {
        await InsertAsync(rows, ct);
        var ids = batch.Select(e => e.Id).ToList();
        var stored = await db.Set<Report>().AsNoTracking().Where(r => r.ReportTypeId == typeId && ids.Contains(r.EnterpriseId))
            .Select(r => new { r.Id, r.EnterpriseId, r.Year, r.Month }).ToListAsync(ct);
        var byKey = stored.ToDictionary(r => (r.EnterpriseId, r.Year, r.Month), r => r.Id);
        foreach (var report in rows)
        {
            report.Id = byKey[(report.EnterpriseId, report.Year, report.Month)];
            foreach (var x in report.Values) x.ReportId = report.Id;
            foreach (var x in report.Transitions) x.ReportId = report.Id;
            foreach (var x in report.Confirmations) x.ReportId = report.Id;
        }
        await InsertAsync(rows.SelectMany(r => r.Values).ToList(), ct);
        await InsertAsync(rows.SelectMany(r => r.Transitions).ToList(), ct);
        await InsertAsync(rows.SelectMany(r => r.Confirmations).ToList(), ct);
    }

    /// <summary>INSERTs of the mapped columns (store-generated keys left out), with the model's value conversions.</summary>
    private async Task InsertAsync<T>(IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entity.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd) && p.PropertyInfo is not null)
            .Select(p => (Property: p, Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping(), Name: p.GetColumnName(table)!))
            .ToList();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        object? Value(int column, T row) => columns[column].Property.PropertyInfo!.GetValue(row);
        string Name(int n) => "p" + n.ToString(CultureInfo.InvariantCulture);

        if (db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true)
        {
            // SQLite: one prepared single-row statement, re-bound per row, is its fastest path (Microsoft.Data.Sqlite looks
            // parameters up by name, so a statement with thousands of them costs quadratic time).
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = head + "(" + string.Join(", ", columns.Select((_, j) => sql.GenerateParameterNamePlaceholder(Name(j)))) + ")";
            var parameters = columns.Select((c, j) => c.Mapping.CreateParameter(command, Name(j), Value(j, rows[0]), c.Property.IsNullable)).ToArray();
            command.Parameters.AddRange(parameters);
            command.Prepare();
            foreach (var row in rows)
            {
                for (var j = 0; j < columns.Count; j++)
                {
                    var value = Value(j, row);
                    if (value is not null && columns[j].Mapping.Converter is { } converter) value = converter.ConvertToProvider(value);
                    parameters[j].Value = value ?? DBNull.Value;
                }
                await command.ExecuteNonQueryAsync(ct);
            }
            return;
        }

        // Others (PostgreSQL): multi-row statements, one round trip per ≤ 1,000 rows.
        var perStatement = Math.Min(1000, 30_000 / columns.Count);
        foreach (var chunk in rows.Chunk(perStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(head);
            var n = 0;
            for (var i = 0; i < chunk.Length; i++)
            {
                text.Append(i == 0 ? "(" : ", (");
                for (var j = 0; j < columns.Count; j++)
                {
                    var name = Name(n++);
                    command.Parameters.Add(columns[j].Mapping.CreateParameter(command, name, Value(j, chunk[i]), columns[j].Property.IsNullable));
                    text.Append(j == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                }
                text.Append(')');
            }
            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static Report ToReport(Enterprise e, CurrentReportType type, GeneratedReport g, string filler)
    {
        // Filled early in the month after the period (China time), approved a few days later.
        var day = 1 + (int)((e.Id * 7 + g.Period.Index) % 12);
        var saved = new DateTimeOffset(g.Period.Year, g.Period.Month, 1, 9, 0, 0, ReportPeriod.ChinaOffset).AddMonths(1).AddDays(day - 1);
        var submitted = saved.AddHours(2);
        var approved = submitted.AddDays(2 + day % 3);
        var report = new Report
        {
            EnterpriseId = e.Id, ReportTypeId = type.Type.Id, ReportTypeVersionId = type.VersionId, Year = g.Period.Year, Month = g.Period.Month,
            Status = ReportStatus.Approved, FillerName = filler, RegionCode = e.RegionCode, IndustryCode = e.IndustryCode, Size = e.Size,
            FillMode = FillMode.Online, CreatedAt = saved, UpdatedAt = submitted, SubmittedAt = submitted, ApprovedAt = approved, Version = 3,
        };
        foreach (var (code, x) in g.Values)
            foreach (var column in IndicatorValues.Columns)
                if (x[column] is { } value)
                    report.Values.Add(new ReportValue { IndicatorCode = code, Column = column, Value = value });
        foreach (var ruleId in g.ExpectedWarnings)
            report.Confirmations.Add(new ReportWarningConfirmation { RuleId = ruleId, Explanation = "数据已核实，情况属实。", ConfirmedAt = saved.AddHours(1) });
        report.Transitions.Add(new ReportTransition { From = null, To = ReportStatus.Draft, UserId = e.UserId, At = saved });
        report.Transitions.Add(new ReportTransition { From = ReportStatus.Draft, To = ReportStatus.InReview, UserId = e.UserId, At = submitted });
        report.Transitions.Add(new ReportTransition { From = ReportStatus.InReview, To = ReportStatus.Approved, At = approved });
        return report;
    }

    /// <summary>A stable per-enterprise seed (FNV-1a over the credit code, else the id): string hashes vary by process.</summary>
    public static int SeedOf(int seed, Enterprise e)
    {
        var hash = 2166136261u ^ (uint)seed;
        foreach (var b in Encoding.UTF8.GetBytes(e.CreditCode ?? e.Id.ToString(CultureInfo.InvariantCulture)))
            hash = (hash ^ b) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }
}
