using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Core.Workflows;

/// <summary>
/// A workflow definition (流程定义), written by the <c>workflows</c> recipe step: activities joined by
/// named outcomes. <see cref="Json"/> holds the activities array exactly as the recipe gave it.
/// </summary>
public class WorkflowDefinition : IVersioned
{
    /// <summary>Stable name that code and instances refer to, e.g. "EnterpriseRegistration".</summary>
    public string Name { get; set; } = "";
    /// <summary>Display title (zh-CN), e.g. 企业注册审核.</summary>
    public string Title { get; set; } = "";
    /// <summary>What its instances are about, e.g. "Enterprise" (see <see cref="IWorkflowSubjectHandler"/>).</summary>
    public string SubjectType { get; set; } = "";
    public string StartActivityId { get; set; } = "";
    /// <summary>The activities as a JSON array: [{ "id", "type", "next": { outcome: id }, ...settings }].</summary>
    public string Json { get; set; } = "[]";
    /// <summary>
    /// 启用: while false, <see cref="IWorkflowRuntime.StartAsync"/> refuses to start instances of it
    /// (<see cref="WorkflowDisabledException"/>); instances already started go on to their end.
    /// </summary>
    public bool Enabled { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

public enum WorkflowStatus
{
    /// <summary>Running activities (only inside a start, resume or timer transaction).</summary>
    Running,
    /// <summary>Halted on a blocking activity (a user task, a timer) until something resumes it.</summary>
    Waiting,
    Finished,
    /// <summary>Stopped by an error it cannot get past; <see cref="WorkflowInstance.Fault"/> says why.</summary>
    Faulted,
}

/// <summary>
/// One run of a workflow about one subject (流程实例). Versioned: of two resumes at once exactly one wins.
/// </summary>
public class WorkflowInstance : IVersioned
{
    public long Id { get; set; }
    public string WorkflowName { get; set; } = "";
    public string SubjectType { get; set; } = "";
    public string SubjectId { get; set; } = "";
    public WorkflowStatus Status { get; set; }
    /// <summary>The activity it waits on; null unless <see cref="Status"/> is Waiting.</summary>
    public string? BlockingActivityId { get; set; }
    /// <summary>JSON object of string (or null) values: start variables, resume input, what activities wrote.</summary>
    public string Variables { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Fault { get; set; }
    public int Version { get; set; }

    public WorkflowSubject Subject => new(SubjectType, SubjectId);

    public Dictionary<string, string?> GetVariables() =>
        JsonSerializer.Deserialize<Dictionary<string, string?>>(Variables) ?? [];
}

/// <summary>
/// A durable timer of a waiting instance: a row, so it survives restarts; claimed with a conditional
/// update so that of several web nodes exactly one fires it.
/// </summary>
public class WorkflowTimer
{
    public long Id { get; set; }
    public long InstanceId { get; set; }
    public string ActivityId { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    /// <summary>When a node took it; a claim older than the lease is stale and may be taken again.</summary>
    public DateTimeOffset? ClaimedAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? FiredAt { get; set; }
}

internal sealed class WorkflowDefinitionConfiguration : IEntityTypeConfiguration<WorkflowDefinition>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinition> b)
    {
        b.ToTable("WorkflowDefinitions");
        b.HasKey(d => d.Name);
        b.Property(d => d.Name).HasMaxLength(64);
        b.Property(d => d.Title).HasMaxLength(128);
        b.Property(d => d.SubjectType).HasMaxLength(64);
        b.Property(d => d.StartActivityId).HasMaxLength(64);
        b.Property(d => d.UpdatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
    }
}

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
{
    public const string ActiveInstanceIndex = "IX_WorkflowInstances_Active";

    public void Configure(EntityTypeBuilder<WorkflowInstance> b)
    {
        b.ToTable("WorkflowInstances");
        b.Ignore(i => i.Subject);
        b.Property(i => i.WorkflowName).HasMaxLength(64);
        b.Property(i => i.SubjectType).HasMaxLength(64);
        b.Property(i => i.SubjectId).HasMaxLength(64);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.BlockingActivityId).HasMaxLength(64);
        b.Property(i => i.Fault).HasMaxLength(1000);
        // SQLite cannot compare DateTimeOffset columns; as UTC ticks they order and compare on both providers.
        b.Property(i => i.CreatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(i => i.UpdatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(i => i.FinishedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.HasIndex(i => new { i.SubjectType, i.SubjectId, i.Status });
        // At most one instance of a workflow waits or runs for a subject: the database refuses a second start, also when two
        // start at once (StartAsync turns the refusal into a WorkflowException). The filter is the same SQL on both providers.
        b.HasIndex(i => new { i.WorkflowName, i.SubjectType, i.SubjectId }).IsUnique()
            .HasFilter($"\"Status\" IN ('{nameof(WorkflowStatus.Waiting)}', '{nameof(WorkflowStatus.Running)}')")
            .HasDatabaseName(ActiveInstanceIndex);
        b.HasIndex(i => i.UpdatedAt);
    }
}

internal sealed class WorkflowTimerConfiguration : IEntityTypeConfiguration<WorkflowTimer>
{
    public void Configure(EntityTypeBuilder<WorkflowTimer> b)
    {
        b.ToTable("WorkflowTimers");
        b.Property(t => t.ActivityId).HasMaxLength(64);
        b.Property(t => t.ClaimedBy).HasMaxLength(128);
        b.Property(t => t.DueAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(t => t.ClaimedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(t => t.FiredAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.HasOne<WorkflowInstance>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => t.DueAt);
    }
}
