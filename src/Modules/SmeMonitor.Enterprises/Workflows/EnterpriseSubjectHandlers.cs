using System.Globalization;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;

namespace SmeMonitor.Enterprises.Workflows;

/// <summary>
/// What workflows do to an enterprise (subject "Enterprise", id = enterprise id): SetStatus "Approved" or
/// "Returned" (reason from the "reason" variable) is the registration review's transition; the SMS goes to
/// the account's phone, else the registered 手机.
/// </summary>
internal sealed class EnterpriseSubjectHandler(RegistrationReview review) : IWorkflowSubjectHandler
{
    public string SubjectType => EnterpriseWorkflows.EnterpriseSubject;

    public async Task SetStatusAsync(string subjectId, string status, ActivityContext context, CancellationToken ct)
    {
        var id = ParseId(subjectId);
        if (!Enum.TryParse<RegistrationStatus>(status, ignoreCase: false, out var target) || !Enum.IsDefined(target))
            throw new WorkflowFaultException($"'{status}' is not a registration status");
        await review.TransitionAsync(id, target, Variable(context, EnterpriseWorkflows.ReasonVariable), ct);
    }

    public Task<string?> GetPhoneAsync(string subjectId, CancellationToken ct) => review.PhoneAsync(ParseId(subjectId), ct);

    internal static long ParseId(string subjectId) =>
        long.TryParse(subjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
            : throw new WorkflowFaultException($"'{subjectId}' is not an id");

    internal static string? Variable(ActivityContext context, string name) => context.Variables.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// What workflows do to a key-field change record (subject "EnterpriseChange", id = change id): SetStatus
/// "Applied" applies it (解除冻结) and "Rejected" keeps the old values (reason from the "reason" variable, decider
/// from "userId"). The phone is the enterprise's, as for its registration.
/// </summary>
internal sealed class EnterpriseChangeSubjectHandler(EnterpriseChangeService changes, RegistrationReview review) : IWorkflowSubjectHandler
{
    public string SubjectType => EnterpriseWorkflows.ChangeSubject;

    public async Task SetStatusAsync(string subjectId, string status, ActivityContext context, CancellationToken ct)
    {
        if (status is not (nameof(ChangeStatus.Applied) or nameof(ChangeStatus.Rejected)))
            throw new WorkflowFaultException($"a reviewer applies or rejects a change; '{status}' is neither");
        await changes.DecideAsync(EnterpriseSubjectHandler.ParseId(subjectId), Enum.Parse<ChangeStatus>(status),
            EnterpriseSubjectHandler.Variable(context, EnterpriseWorkflows.UserIdVariable),
            EnterpriseSubjectHandler.Variable(context, EnterpriseWorkflows.ReasonVariable), ct);
    }

    public async Task<string?> GetPhoneAsync(string subjectId, CancellationToken ct) =>
        await changes.EnterpriseIdOfAsync(EnterpriseSubjectHandler.ParseId(subjectId), ct) is { } enterpriseId
            ? await review.PhoneAsync(enterpriseId, ct) : null;
}
