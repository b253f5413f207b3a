using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Core;

public class AuditLogTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task Details_keep_chinese_text_readable_and_markup_escaped(string provider)
    {
        var app = apps.Get(provider);
        var id = Guid.NewGuid().ToString("N");
        await using (var scope = app.Scope())
        {
            scope.ServiceProvider.GetRequiredService<IAuditLog>().Record("test.details", "Test", id, new { title = "关于开展2026年度中小企业运行监测的通知", note = "<b>&" });
            await scope.ServiceProvider.GetRequiredService<SmeDbContext>().SaveChangesAsync();
        }
        var details = await app.WithDbAsync(db => db.Set<AuditEntry>().Where(a => a.EntityId == id).Select(a => a.Details).SingleAsync());
        Assert.Equal("""{"title":"关于开展2026年度中小企业运行监测的通知","note":"\u003Cb\u003E\u0026"}""", details);
    }
}
