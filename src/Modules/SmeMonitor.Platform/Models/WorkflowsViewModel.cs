using SmeMonitor.Core.Workflows;

namespace SmeMonitor.Platform.Models;

public sealed record WorkflowsViewModel(IReadOnlyList<WorkflowModel> Definitions, IReadOnlyList<WorkflowInstance> Instances);
