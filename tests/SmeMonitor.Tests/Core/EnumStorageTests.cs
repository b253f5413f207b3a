using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Messaging.Models;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Core;

/// <summary>Enums a configuration stores as text (SmeDbContext gives them their converter), through the app's compiled model.</summary>
public class EnumStorageTests
{
    [Theory, Providers]
    public async Task An_enum_is_stored_by_name_queried_by_name_and_an_unknown_name_fails_the_read(string provider)
    {
        await using var app = new TestApp(provider);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
        var message = new OutboxMessage { Channel = MessageChannel.Email, Status = OutboxStatus.Sent, To = "enum@example.com", Body = "b", Provider = "test", CreatedAt = DateTimeOffset.UtcNow };
        db.Add(message);
        await db.SaveChangesAsync();

        Assert.Equal("Email", await db.Database.SqlQuery<string>($"""SELECT "Channel" AS "Value" FROM "OutboxMessages" WHERE "Id" = {message.Id}""").SingleAsync());
        Assert.Equal("Sent", await db.Database.SqlQuery<string>($"""SELECT "Status" AS "Value" FROM "OutboxMessages" WHERE "Id" = {message.Id}""").SingleAsync());
        Assert.Equal(message.Id, await db.Set<OutboxMessage>().Where(m => m.Status == OutboxStatus.Sent && m.To == "enum@example.com").Select(m => m.Id).SingleAsync());

        // A name that is not a member (a renamed member, a hand edit) is an error, as with EF Core's own converter.
        await db.Database.ExecuteSqlAsync($"""UPDATE "OutboxMessages" SET "Status" = 'Delivered' WHERE "Id" = {message.Id}""");
        db.ChangeTracker.Clear();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == message.Id));
    }
}
