using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Settings;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;

namespace SmeMonitor.Enterprises.Workflows;

/// <summary>
/// The module's two workflows, defined as data by the national recipe's <c>workflows</c> step:
/// 企业注册审核 (<see cref="Registration"/>, about an <see cref="Enterprise"/>) and the two-minute check of a
/// key-field change (<see cref="Change"/>, about an <see cref="EnterpriseChange"/>). Starting one joins the
/// caller's open transaction.
/// </summary>
public sealed class EnterpriseWorkflows(SmeDbContext db, IWorkflowRuntime runtime, ISettingsService settings, IStringLocalizer<Strings> T)
{
    public const string Registration = "EnterpriseRegistration", Change = "EnterpriseChange";
    public const string EnterpriseSubject = "Enterprise", ChangeSubject = "EnterpriseChange";
    /// <summary>Variables the registration workflow's SMS text uses: {platform}, {enterpriseName}.</summary>
    public const string PlatformVariable = "platform", EnterpriseNameVariable = "enterpriseName";
    /// <summary>Resume input: the reason of a 退回 or 驳回; the deciding user (also set by the runtime in a request).</summary>
    public const string ReasonVariable = "reason", UserIdVariable = "userId";

    public static WorkflowSubject SubjectOf(long enterpriseId) => new(EnterpriseSubject, enterpriseId.ToString(CultureInfo.InvariantCulture));
    public static WorkflowSubject ChangeSubjectOf(long changeId) => new(ChangeSubject, changeId.ToString(CultureInfo.InvariantCulture));

    public Task<bool> IsDefinedAsync(string workflow, CancellationToken ct = default) =>
        db.Set<WorkflowDefinition>().AnyAsync(d => d.Name == workflow, ct);

    /// <summary>The message when a database lacks the definition (the national recipe's workflows step was not applied).</summary>
    public string NotDefined(string workflow) =>
        T["审核流程“{0}”尚未配置（请应用国家配方中的 workflows 步骤），本次操作未做任何更改。", workflow];

    /// <summary>
    /// Why a new instance of the workflow cannot start now: it is not defined, or an administrator disabled it
    /// on /admin/workflows (instances already waiting go on). Null when it can start.
    /// </summary>
    public async Task<string?> CannotStartAsync(string workflow, CancellationToken ct = default) =>
        !await IsDefinedAsync(workflow, ct) ? NotDefined(workflow)
        : !await runtime.CanStartAsync(workflow, ct) ? T["审核流程“{0}”已停用，本次操作未做任何更改；请联系系统管理员。", workflow].Value
        : null;

    /// <summary>The message when the subject waits for review but no workflow instance offers the task.</summary>
    public string NoTask(string workflow) =>
        T["没有找到等待处理的审核流程（{0}），本次操作未做任何更改；请联系系统管理员。", workflow];

    /// <summary>Starts the registration review of a saved enterprise unless one already waits for it.</summary>
    public async Task StartReviewAsync(Enterprise enterprise, CancellationToken ct = default)
    {
        var subject = SubjectOf(enterprise.Id);
        if (await runtime.FindWaitingAsync(subject, ct) is { WorkflowName: Registration }) return;
        var platform = await settings.GetAsync<string>("Platform.Name", ct) ?? "中小企业运行监测平台";
        await runtime.StartAsync(Registration, subject,
            new Dictionary<string, string?> { [PlatformVariable] = platform, [EnterpriseNameVariable] = enterprise.Name }, ct);
    }

    /// <summary>Starts the timed check of a saved key-field change.</summary>
    public Task StartCheckAsync(EnterpriseChange change, CancellationToken ct = default) =>
        runtime.StartAsync(Change, ChangeSubjectOf(change.Id), null, ct);

    /// <summary>Resumes the subject's review task with the action.</summary>
    public Task<ResumeResult> ResumeAsync(WorkflowSubject subject, string action, IReadOnlyDictionary<string, string?> input, CancellationToken ct = default) =>
        runtime.ResumeAsync(subject, action, input, ct);
}
