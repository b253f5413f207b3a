using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.BrowserTests.Infrastructure;

/// <summary>
/// The real platform listening on a free loopback port (Kestrel), set up with the national and demo
/// recipes on its own SQLite database, and one headless Chromium (Debian's, /usr/bin/chromium) for
/// the whole run. Tests take a fresh browser context each: <see cref="NewDesktopContextAsync"/> or
/// <see cref="NewPhoneContextAsync"/>. The app's services and database are at hand through
/// <see cref="App"/> (TestApp: Scope(), WithDbAsync(), CreateUserAsync(), …).
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public static readonly string[] Recipes = ["national.recipe.json", "demo.recipe.json"];

    /// <summary>Chromium switches that keep it from reaching out to the (closed) network.</summary>
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The captcha answer in the Testing environment (a person reads the picture; a test cannot).</summary>
    public const string CaptchaAnswer = "24680";

    public TestApp App { get; }

    /// <summary>Texts the pages looked up in English and found no translation for.</summary>
    public MissingTranslations MissingTranslations { get; } = new();

    public PlatformFixture()
    {
        // Workflow timers fire by themselves here (the Testing environment turns the poll off for the other tests).
        App = new TestApp("sqlite", Recipes, new()
        {
            ["Accounts:Captcha:FixedCode"] = CaptchaAnswer,
            ["Workflows:TimerPollInterval"] = "00:00:01",
        })
        { TestServices = MissingTranslations.Register };
    }

    /// <summary>Where the platform listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => App.Services;
    public string ConnectionString => App.ConnectionString;
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Screenshots land here (the test project's output folder).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        App.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        App.StartServer();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");

        _playwright = await Playwright.CreateAsync();
        // Playwright gives the browser a new temporary profile (--user-data-dir) of its own and removes it on close.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A desktop browser: 1280×800.</summary>
    public Task<IBrowserContext> NewDesktopContextAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        Locale = "zh-CN",
    });

    /// <summary>A phone: 390×844, touch, mobile viewport.</summary>
    public Task<IBrowserContext> NewPhoneContextAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        Locale = "zh-CN",
    });

    /// <summary>Signs the context in as the user with the cookie the app itself issues (for tests about something other than signing in).</summary>
    public async Task SignInAsync(IBrowserContext context, string userName)
    {
        var (name, value) = await App.SignInCookieAsync(userName);
        await context.AddCookiesAsync([new Cookie { Name = name, Value = value, Url = BaseAddress.ToString(), HttpOnly = true }]);
    }

    /// <summary>Clicks 获取验证码 on the page and returns the new code once the outbox holds it.</summary>
    public async Task<string> RequestCodeAsync(IPage page, string phone)
    {
        var before = await App.SmsCountAsync(phone);
        await page.GetByTestId("get-code").ClickAsync();
        // Wait on the outbox, not on time: the button's request writes the SMS before it answers.
        await Assertions.Expect(page.Locator("#code-status")).Not.ToBeEmptyAsync();
        Assert.Equal(before + 1, await App.SmsCountAsync(phone));
        return await App.LatestSmsCodeAsync(phone);
    }

    /// <summary>Signs in on /account/signin as a person does: password, the SMS code from the outbox, 登录.</summary>
    public async Task SignInWithSmsAsync(IPage page, string userName, string password = "Demo@12345")
    {
        var phone = await App.PhoneOfAsync(userName);
        await page.GotoAsync("/account/signin");
        await page.Locator("#UserName").FillAsync(userName);
        await page.Locator("#Password").FillAsync(password);
        var code = await RequestCodeAsync(page, phone);
        await page.Locator("#Code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
    }

    /// <summary>Saves a full-page screenshot as screenshots/NAME.png and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>Browser tests share one platform and one browser, and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "Platform";
}

/// <summary>What went wrong in a page while a test used it: script errors and failed requests.</summary>
public sealed class PageProblems
{
    private readonly List<string> _problems = [];

    public PageProblems(IPage page)
    {
        page.PageError += (_, error) => Add("script error: " + error);
        page.Response += (_, response) =>
        {
            // Pages may answer 4xx on purpose; the files they load may not.
            if (response.Status >= 400 && response.Request.ResourceType is not "document") Add($"{response.Status} {response.Url}");
        };
        page.RequestFailed += (_, request) => Add($"failed {request.Url}: {request.Failure}");
    }

    private void Add(string problem)
    {
        lock (_problems) _problems.Add(problem);
    }

    public IReadOnlyList<string> All
    {
        get { lock (_problems) return [.. _problems]; }
    }
}
