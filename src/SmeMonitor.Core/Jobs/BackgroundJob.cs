using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SmeMonitor.Core.Jobs;

public enum BackgroundJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// A piece of work a person started that runs in the background (后台任务), e.g. a batch import or a large
/// export: a row, so it survives restarts and any web node may run it; the owner follows its progress and
/// downloads its result. Changed by conditional updates (claim, progress, finish), never edited by a person.
/// </summary>
public class BackgroundJob
{
    public long Id { get; set; }
    /// <summary>Which <see cref="IBackgroundJobHandler"/> runs it, e.g. "reports.batch-import".</summary>
    public string Kind { get; set; } = "";
    /// <summary>What the owner sees in the list, e.g. 批量导入 2024年3月 (in the owner's language).</summary>
    public string Title { get; set; } = "";
    /// <summary>The user who started it: the only one who sees it; the handler runs as this user (scope, audit).</summary>
    public string OwnerId { get; set; } = "";
    /// <summary>The owner's UI culture when it was started: the handler's messages come out in it.</summary>
    public string Culture { get; set; } = "zh-CN";
    /// <summary>The handler's parameters as JSON, or null.</summary>
    public string? Input { get; set; }
    /// <summary>An uploaded file the handler reads (<see cref="JobRun.OpenInput"/>), e.g. the workbook to import.</summary>
    public string? InputFileId { get; set; }
    public string? InputFileName { get; set; }
    public BackgroundJobStatus Status { get; set; }
    /// <summary>Progress: <see cref="Done"/> of <see cref="Total"/> units (rows, enterprises); Total 0 = not known yet.</summary>
    public int Done { get; set; }
    public int Total { get; set; }
    /// <summary>The outcome in the owner's language: a summary on success, the reason on failure.</summary>
    public string? Message { get; set; }
    public string? ResultFileId { get; set; }
    /// <summary>The name the result downloads as, e.g. 企业报表导出.xlsx.</summary>
    public string? ResultFileName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    /// <summary>Renewed while the job runs; a running job whose heartbeat is older than Jobs:Lease lost its node.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>The node (machine/process) that claimed it.</summary>
    public string? RunBy { get; set; }

    public bool IsFinished => Status is BackgroundJobStatus.Succeeded or BackgroundJobStatus.Failed;

    /// <summary>The input deserialized, or default when there is none.</summary>
    public T? GetInput<T>() => Input is null ? default : JsonSerializer.Deserialize<T>(Input);
}

internal sealed class BackgroundJobConfiguration : IEntityTypeConfiguration<BackgroundJob>
{
    public void Configure(EntityTypeBuilder<BackgroundJob> b)
    {
        b.ToTable("BackgroundJobs");
        b.Ignore(j => j.IsFinished);
        b.Property(j => j.Kind).HasMaxLength(64);
        b.Property(j => j.Title).HasMaxLength(200);
        b.Property(j => j.OwnerId).HasMaxLength(64);
        b.Property(j => j.Culture).HasMaxLength(16);
        b.Property(j => j.InputFileId).HasMaxLength(64);
        b.Property(j => j.InputFileName).HasMaxLength(200);
        b.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(j => j.Message).HasMaxLength(4000);
        b.Property(j => j.ResultFileId).HasMaxLength(64);
        b.Property(j => j.ResultFileName).HasMaxLength(200);
        b.Property(j => j.RunBy).HasMaxLength(128);
        // SQLite cannot compare DateTimeOffset columns; as UTC ticks they order and compare on both providers.
        b.Property(j => j.CreatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(j => j.StartedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(j => j.HeartbeatAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(j => j.FinishedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.HasIndex(j => new { j.Status, j.Id });
        b.HasIndex(j => new { j.OwnerId, j.Id });
        b.HasIndex(j => j.FinishedAt);
    }
}
