using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Core.Workflows;

public enum DefinitionChange
{
    Changed,
    /// <summary>It already was in that state: nothing saved, nothing audited.</summary>
    Unchanged,
    NotFound,
    /// <summary>Someone changed the definition since the page showed it (another version): nothing saved.</summary>
    Conflict,
}

/// <summary>What an administrator changes on stored workflow definitions (the recipe step writes them).</summary>
public sealed class WorkflowDefinitions(SmeDbContext db, IAuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// Enables or disables a definition, given the <see cref="WorkflowDefinition.Version"/> the person saw.
    /// Disabled: <see cref="IWorkflowRuntime.StartAsync"/> refuses to start it; instances already running go on.
    /// Saved with an audit row ("workflow.enable" / "workflow.disable") in one SaveChanges.
    /// </summary>
    public async Task<DefinitionChange> SetEnabledAsync(string name, bool enabled, int version, CancellationToken ct = default)
    {
        var definition = await db.Set<WorkflowDefinition>().FirstOrDefaultAsync(d => d.Name == name, ct);
        if (definition is null) return DefinitionChange.NotFound;
        if (definition.Version != version) return DefinitionChange.Conflict;
        if (definition.Enabled == enabled) return DefinitionChange.Unchanged;
        definition.Enabled = enabled;
        definition.UpdatedAt = clock.GetUtcNow();
        audit.Record(enabled ? "workflow.enable" : "workflow.disable", nameof(WorkflowDefinition), name, new { version = version + 1 });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return DefinitionChange.Conflict;
        }
        return DefinitionChange.Changed;
    }
}
