using System.Text.Json.Nodes;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmeMonitor.Core.Content;

namespace SmeMonitor.Tests.Content;

/// <summary>The storage root cannot be escaped, and only allowed, non-empty, small enough files are stored.</summary>
public sealed class AttachmentStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "smemonitor-tests", "store-" + Guid.NewGuid().ToString("N"));
    private readonly ContentFileStore _store;

    public AttachmentStoreTests()
    {
        ContentApps.UseChinese();
        var localizer = new StringLocalizer<ContentStrings>(new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));
        _store = new ContentFileStore(Options.Create(new StorageOptions { Root = _root, MaxUploadBytes = 1000 }), new Env(), localizer);
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_root)) System.IO.Directory.Delete(_root, true);
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("..\\..\\windows\\win.ini.txt", "win.ini.txt")]
    [InlineData("/abs/path/通知.docx", "通知.docx")]
    [InlineData("a\u0000b<c>.pdf", "abc.pdf")]
    public async Task Names_from_the_upload_never_decide_where_the_file_goes(string name, string shown)
    {
        var stored = await _store.SaveAsync(name, new MemoryStream("hello"u8.ToArray()));
        Assert.Equal(shown, stored.Name);
        var path = _store.PathOf(stored.Id)!;
        Assert.StartsWith(_store.Root + Path.DirectorySeparatorChar, path);
        Assert.True(File.Exists(path));
        Assert.Empty(System.IO.Directory.EnumerateFiles(Path.GetTempPath(), "passwd.pdf"));
    }

    [Theory]
    [InlineData("../secret.pdf")]
    [InlineData("..%2f..%2fsecret.pdf")]
    [InlineData("/etc/passwd")]
    [InlineData("abcdefghjkmnpqrstvwxyz01.pdf/../../x")]
    [InlineData("ABCDEFGHJKMNPQRSTVWXYZ01.pdf")]
    [InlineData("")]
    public void Ids_that_this_store_did_not_make_resolve_to_nothing(string id)
    {
        Assert.Null(_store.PathOf(id));
        Assert.Null(_store.OpenRead(id));
        Assert.Null(_store.Describe(new JsonObject { ["id"] = id, ["name"] = "x.pdf" }));
    }

    [Theory]
    [InlineData("virus.exe")]
    [InlineData("page.php")]
    [InlineData("report.pdf.exe")]
    [InlineData("script.js")]
    [InlineData("noextension")]
    [InlineData("page.html")]
    public async Task Types_outside_the_allow_list_are_refused_and_nothing_is_kept(string name)
    {
        var e = await Assert.ThrowsAsync<ContentValidationException>(() => _store.SaveAsync(name, new MemoryStream("MZ"u8.ToArray())));
        Assert.Contains("不允许上传", e.Errors[0].Message);
        Assert.False(System.IO.Directory.Exists(_store.Root) && System.IO.Directory.EnumerateFiles(_store.Root, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Too_large_and_empty_files_are_refused_and_nothing_is_kept()
    {
        var big = await Assert.ThrowsAsync<ContentValidationException>(() => _store.SaveAsync("big.pdf", new MemoryStream(new byte[1001])));
        Assert.Contains("超过大小限制", big.Errors[0].Message);
        var empty = await Assert.ThrowsAsync<ContentValidationException>(() => _store.SaveAsync("empty.pdf", new MemoryStream()));
        Assert.Contains("是空的", empty.Errors[0].Message);
        Assert.Empty(System.IO.Directory.EnumerateFiles(_store.Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_stored_file_is_described_from_the_disk_not_from_what_the_client_claims()
    {
        var stored = await _store.SaveAsync("表格.xlsx", new MemoryStream(new byte[10]));
        var described = _store.Describe(new JsonObject { ["id"] = stored.Id, ["name"] = "../改名.xlsx", ["size"] = 999999, ["contentType"] = "text/html" });
        Assert.Equal(10, described!.Size);
        Assert.Equal("改名.xlsx", described.Name);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", described.ContentType);
    }

    private sealed class Env : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "tests";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
