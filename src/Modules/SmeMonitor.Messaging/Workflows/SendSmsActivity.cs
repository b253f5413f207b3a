using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SmeMonitor.Core.Settings;
using SmeMonitor.Core.Workflows;

namespace SmeMonitor.Messaging.Workflows;

/// <summary>
/// 发送短信 (workflow activity): texts the subject. The number is the instance's "phone" variable when set,
/// else the subject handler's GetPhoneAsync. "{name}" in the text is replaced by the variable of that name
/// (empty when it has none). "textSetting" (optional) names a platform setting (ISettingsService) holding the
/// template: when it is set to a non-empty string it wins over "text", so an administrator can reword the SMS
/// without changing the definition. Outcomes: "Done", "NoPhone" (no number: nothing sent), "Failed" (the gateway refused).
/// <code>{ "id": "sms", "type": "SendSms", "text": "您的企业注册信息已退回，原因：{reason}", "textSetting": "Enterprises.ReturnedSmsText" }</code>
/// </summary>
public sealed partial class SendSmsActivity(ISmsSender sms, ISettingsService settings, ILogger<SendSmsActivity> logger) : IActivity
{
    public const string NoPhone = "NoPhone", Failed = "Failed", PhoneVariable = "phone";

    public string Type => "SendSms";

    public IEnumerable<ActivitySettingError> Validate(JsonElement settings)
    {
        if (ActivitySettings.RequireString(settings, "text") is { } error) yield return error;
        else if (ActivitySettings.String(settings, "text")!.Length > 500) yield return new("text", "must be at most 500 characters");
        if (settings.TryGetProperty("textSetting", out var key) && (key.ValueKind != JsonValueKind.String || key.GetString()!.Length is 0 or > 128))
            yield return new("textSetting", "must be a setting key (1 to 128 characters)");
    }

    public IReadOnlyCollection<string> GetOutcomes(JsonElement settings) => [ActivityResult.Done, NoPhone, Failed];

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken ct)
    {
        var phone = context.Variables.TryGetValue(PhoneVariable, out var p) && !string.IsNullOrWhiteSpace(p) ? p
            : context.FindSubjectHandler() is { } handler ? await handler.GetPhoneAsync(context.Subject.Id, ct) : null;
        if (string.IsNullOrWhiteSpace(phone))
        {
            logger.LogWarning("Workflow instance {InstanceId}: no phone for {SubjectType} {SubjectId}; SMS not sent",
                context.Instance.Id, context.Subject.Type, context.Subject.Id);
            return ActivityResult.Outcome(NoPhone);
        }
        var template = context.Setting("textSetting") is { } key && await settings.GetNodeAsync(key, ct) is JsonValue value
                       && value.TryGetValue<string>(out var configured) && !string.IsNullOrWhiteSpace(configured)
            ? configured : context.Setting("text")!;
        var text = Fill(template, context.Variables);
        var tag = "workflow:" + context.Instance.WorkflowName;
        var result = await sms.SendAsync(new SmsMessage(phone, text, tag.Length > 64 ? tag[..64] : tag), ct);
        return ActivityResult.Outcome(result.Succeeded ? ActivityResult.Done : Failed);
    }

    /// <summary>Replaces each {name} with the variable's value.</summary>
    public static string Fill(string text, IDictionary<string, string?> variables) =>
        Placeholder().Replace(text, m => variables.TryGetValue(m.Groups[1].Value, out var v) ? v ?? "" : "");

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_.-]*)\}")]
    private static partial Regex Placeholder();
}
