using System.Text.Json;
using SmeMonitor.Core.Scripting;

namespace SmeMonitor.Core.Workflows;

/// <summary>
/// 条件: a rule expression (the sandboxed Jint language of <see cref="RuleService"/>) decides the way on; its
/// outcome is "true" or "false" by the value's truthiness. The expression reads two globals:
/// <c>variables</c>, the instance's variables (strings or null: compare <c>variables.screening === 'Passed'</c>,
/// convert with the rule helpers for numbers), and <c>subject</c>, the subject's data from
/// <see cref="IWorkflowSubjectHandler.GetDataAsync"/> (null when its module offers none).
/// The expression is checked when the definition is stored; a run that fails (e.g. reading a property of
/// null) faults the instance with the rule's message.
/// <code>{ "id": "big", "type": "Condition", "expression": "subject.size === 'Medium' || variables.screening === 'Failed'", "next": { "true": "review", "false": "accept" } }</code>
/// </summary>
internal sealed class ConditionActivity(RuleService rules) : IActivity
{
    public const string True = "true", False = "false";
    public const string VariablesGlobal = "variables", SubjectGlobal = "subject";
    public static readonly RuleGlobals Globals = new(VariablesGlobal, SubjectGlobal);

    public string Type => "Condition";

    public IEnumerable<ActivitySettingError> Validate(JsonElement settings)
    {
        if (ActivitySettings.RequireString(settings, "expression") is { } error) { yield return error; yield break; }
        var validation = rules.Validate(ActivitySettings.String(settings, "expression")!, Globals);
        if (!validation.IsValid) yield return new("expression", validation.Error!);
    }

    public IReadOnlyCollection<string> GetOutcomes(JsonElement settings) => [True, False];

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken ct)
    {
        var data = context.FindSubjectHandler() is { } handler ? await handler.GetDataAsync(context.Subject.Id, ct) : null;
        var result = rules.Evaluate(context.Setting("expression") ?? "", Globals, new Dictionary<string, object?>
        {
            [VariablesGlobal] = new Dictionary<string, string?>(context.Variables),
            [SubjectGlobal] = data,
        });
        if (result.ErrorKind is not null) throw new WorkflowFaultException(result.Error!);
        return ActivityResult.Outcome(result.Passed ? True : False);
    }
}
