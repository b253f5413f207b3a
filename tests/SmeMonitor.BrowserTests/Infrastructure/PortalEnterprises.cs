using Microsoft.EntityFrameworkCore;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.BrowserTests.Infrastructure;

/// <summary>Approved enterprises for the portal's browser tests, set up the way an approved registration leaves them.</summary>
public static class PortalEnterprises
{
    /// <summary>
    /// A new account with a copy of ent_demo's enterprise (an industrial enterprise of 上城区 whose direct reviewer is the county
    /// administrator), so that other tests' use of ent_demo (its freeze, its reports) does not matter. Returns the user name.
    /// </summary>
    public static async Task<string> EnterpriseLikeDemoAsync(this PlatformFixture platform, string prefix, string name, string? creditCode = null)
    {
        var userName = prefix + Random.Shared.Next(10_000, 99_999);
        var user = await platform.App.CreateUserAsync(userName);
        await platform.App.WithDbAsync(async db =>
        {
            var demo = await db.Set<Enterprise>().AsNoTracking().SingleAsync(e => e.User!.UserName == "ent_demo");
            db.Add(new Enterprise
            {
                UserId = user.Id, Name = name, CreditCode = creditCode, LegalRepresentative = demo.LegalRepresentative,
                IndustryCode = demo.IndustryCode, RegionCode = demo.RegionCode, RegistrationType = demo.RegistrationType, HoldingType = demo.HoldingType,
                Revenue = demo.Revenue, Employees = demo.Employees, Assets = demo.Assets, Size = demo.Size, Address = demo.Address,
                ContactName = "李娜", Mobile = demo.Mobile, MainBusiness = demo.MainBusiness, Status = RegistrationStatus.Approved,
                ReviewerId = demo.ReviewerId, CreatedAt = demo.CreatedAt, UpdatedAt = demo.UpdatedAt, ApprovedAt = demo.ApprovedAt, Version = 1,
            });
            return await db.SaveChangesAsync();
        });
        return userName;
    }

    /// <summary>A credit code (18 characters, 上城区) that no other enterprise of the run has.</summary>
    public static string NewCreditCode() => "91330102MA" + Random.Shared.Next(10_000_000, 99_999_999);
}
