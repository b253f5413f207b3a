using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmeMonitor.Messaging.Models;

namespace SmeMonitor.Messaging.Services;

/// <summary>
/// Sends SMS through an HTTP gateway: POST Url with JSON {"phone","text"} and the API key header.
/// Any 2xx is success (an "id" or "messageId" in a JSON answer is kept as the provider's id); anything
/// else, a timeout or a network error is a failure, logged and recorded in the outbox.
/// </summary>
public sealed class HttpSmsSender(HttpClient http, IOptions<MessagingOptions> options, Outbox outbox, ILogger<HttpSmsSender> log) : ISmsSender
{
    public const string ClientName = "sms-gateway";

    public async Task<SendResult> SendAsync(SmsMessage message, CancellationToken ct = default)
    {
        var o = options.Value.Sms.Http;
        string? id = null, error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, o.Url)
            {
                Content = JsonContent.Create(new { phone = message.Phone, text = message.Text }),
            };
            if (o.ApiKey.Length > 0) request.Headers.TryAddWithoutValidation(o.ApiKeyHeader, o.ApiKey);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(o.Timeout);
            using var response = await http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (response.IsSuccessStatusCode) id = ReadId(body);
            else error = $"SMS gateway answered {(int)response.StatusCode} {response.ReasonPhrase}: {Outbox.Truncate(body, 300)}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"SMS gateway did not answer within {o.Timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException e)
        {
            error = $"SMS gateway unreachable: {e.Message}";
        }

        if (error is not null)
            log.LogError("SMS to {Phone} ({Template}) failed: {Error}", Mask(message.Phone), message.Template, error);
        var row = await outbox.RecordAsync(MessageChannel.Sms, message.Phone, null, Outbox.Redact(message.Text, message.Secrets),
            message.Template, error is null ? OutboxStatus.Sent : OutboxStatus.Failed, HttpSmsOptions.Provider, id, error, ct);
        return new SendResult(error is null, HttpSmsOptions.Provider, id, row.Id, error);
    }

    private static string? ReadId(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var name in new[] { "id", "messageId" })
                if (doc.RootElement.TryGetProperty(name, out var v))
                    return Outbox.Truncate(v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText(), 128);
        }
        catch (JsonException)
        {
            // A 2xx without a JSON id is still a success.
        }
        return null;
    }

    private static string Mask(string phone) => phone.Length == 11 ? phone[..3] + "****" + phone[7..] : "***";
}
