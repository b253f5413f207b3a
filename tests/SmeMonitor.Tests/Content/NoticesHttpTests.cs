using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Security;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Content;

/// <summary>Notices through HTTP: who sees what, the dashboard inside its scope, attachments, stale edits, new types, the API.</summary>
public class NoticesHttpTests(ContentAppFixture apps) : IClassFixture<ContentAppFixture>
{
    [Theory, Providers]
    public async Task Anonymous_visitors_see_only_notices_aimed_at_everyone(string provider)
    {
        var app = apps.Get(provider);
        var everyone = await app.Services.PublishNoticeAsync("面向全体企业的通知", "000000");
        var henan = await app.Services.PublishNoticeAsync("只发给河南的通知", "410000", "410000");
        var client = app.CreateClient();

        var list = await client.GetStringAsync("/notices");
        Assert.Contains("面向全体企业的通知", list);
        Assert.DoesNotContain("只发给河南的通知", list);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/notices/{everyone}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/notices/{henan}")).StatusCode);

        var api = JsonNode.Parse(await client.GetStringAsync("/api/v1/notices?pageSize=100"))!;
        var ids = api["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Contains(everyone, ids);
        Assert.DoesNotContain(henan, ids);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/notices/{henan}")).StatusCode);
        var detail = JsonNode.Parse(await client.GetStringAsync($"/api/v1/notices/{everyone}"))!;
        Assert.Equal("面向全体企业的通知", detail["title"]!.GetValue<string>());
        Assert.Contains("正文：面向全体企业的通知", detail["bodyHtml"]!.GetValue<string>());

        // The home page block lists it, with a 更多 link to the full list.
        var home = await client.GetStringAsync("/");
        Assert.Contains("面向全体企业的通知", home);
        Assert.DoesNotContain("只发给河南的通知", home);
        Assert.Contains("href=\"/notices\"", home);
        Assert.Contains("更多", home);
    }

    [Theory, Providers]
    public async Task The_home_page_lists_the_five_newest_notices_newest_first(string provider)
    {
        var app = apps.Get(provider);
        for (var i = 1; i <= 6; i++) await app.Services.PublishNoticeAsync($"首页最新通知{i}号", "000000");

        var home = await app.CreateClient().GetStringAsync("/");
        var shown = Regex.Matches(home, "首页最新通知(\\d)号").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["6", "5", "4", "3", "2"], shown);
    }

    [Theory, Providers]
    public async Task Administrators_see_notices_aimed_at_regions_that_overlap_theirs(string provider)
    {
        var app = apps.Get(provider);
        await app.Services.PublishNoticeAsync("浙江全省通知", "330000", "330000");
        await app.Services.PublishNoticeAsync("杭州市通知", "330100", "330100");
        await app.Services.PublishNoticeAsync("宁波市通知", "330200", "330200");
        await app.Services.PublishNoticeAsync("河南全省通知", "410000", "410000");
        await app.CreateAdministratorAsync("zj_admin_" + provider, AdminLevel.Province, "330000");
        await app.CreateAdministratorAsync("hz_admin_" + provider, AdminLevel.City, "330100");

        var province = await (await app.ClientAsAsync("zj_admin_" + provider)).GetStringAsync("/notices");
        Assert.Contains("浙江全省通知", province);
        Assert.Contains("杭州市通知", province);
        Assert.Contains("宁波市通知", province);
        Assert.DoesNotContain("河南全省通知", province);

        var city = await (await app.ClientAsAsync("hz_admin_" + provider)).GetStringAsync("/notices");
        Assert.Contains("浙江全省通知", city);
        Assert.Contains("杭州市通知", city);
        Assert.DoesNotContain("宁波市通知", city);
        Assert.DoesNotContain("河南全省通知", city);
    }

    [Theory, Providers]
    public async Task An_administrator_of_another_province_gets_404_for_items_outside_its_scope(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateAdministratorAsync("ha_editor_" + provider, AdminLevel.Province, "410000");
        await app.CreateAdministratorAsync("zj_editor_" + provider, AdminLevel.Province, "330000");
        var henan = await app.ClientAsAsync("ha_editor_" + provider);
        var zhejiang = await app.ClientAsAsync("zj_editor_" + provider);

        var created = await henan.PostFormAsync("/admin/content/new/Notice", "/admin/content/new/Notice",
            ("title", "河南省内部通知"), ("f.Body", "仅河南"), ("f.TargetRegions", "410000"), ("action", "publish"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = Regex.Match(created.Headers.Location!.OriginalString, "/admin/content/([0-9a-z]+)/edit").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await henan.GetAsync($"/admin/content/{id}/edit")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await zhejiang.GetAsync($"/admin/content/{id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhejiang.GetAsync($"/admin/content/{id}/files/abcdefghjkmnpqrstvwxyz01.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhejiang.GetAsync($"/api/v1/notices/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhejiang.GetAsync($"/notices/{id}")).StatusCode);
        foreach (var action in new[] { "unpublish", "publish", "delete", "edit" })
        {
            var response = await zhejiang.PostFormAsync("/admin/content/new/Notice", $"/admin/content/{id}/{action}",
                ("version", "0"), ("title", "改掉"), ("f.Body", "x"));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{action}: {response.StatusCode}");
        }
        Assert.DoesNotContain("河南省内部通知", await zhejiang.GetStringAsync("/admin/content"));
        Assert.Contains("河南省内部通知", await henan.GetStringAsync("/admin/content?status=published"));
        Assert.Equal("河南省内部通知", (await app.WithDbAsync(db => db.Set<ContentItem>().SingleAsync(i => i.ContentItemId == id && i.Latest))).DisplayText);

        // Nor may it aim a notice at a region outside its own.
        var outside = await zhejiang.PostFormAsync("/admin/content/new/Notice", "/admin/content/new/Notice",
            ("title", "发给河南的浙江通知"), ("f.Body", "x"), ("f.TargetRegions", "330000, 410000"), ("action", "save"));
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("410000 不在您的管理范围内", await outside.Content.ReadAsStringAsync());
    }

    [Theory, Providers]
    public async Task An_editor_publishes_a_notice_with_an_attachment_that_downloads_like_the_notice(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateAdministratorAsync("nation_editor_" + provider, AdminLevel.Nation, "000000");
        var editor = await app.ClientAsAsync("nation_editor_" + provider);
        var token = await editor.AntiforgeryTokenAsync("/admin/content/new/Notice");

        async Task<HttpResponseMessage> Upload(string name, byte[] bytes)
        {
            var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", name);
            return await editor.PostAsync("/admin/content/files", form);
        }

        var refused = await Upload("tool.exe", "MZ"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("不允许上传", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        var tooBig = await Upload("big.pdf", new byte[100_001]);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);

        var uploaded = await Upload("../../填报说明.pdf", "%PDF-1.4 demo"u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var file = JsonNode.Parse(await uploaded.Content.ReadAsStringAsync())!;
        Assert.Equal("填报说明.pdf", file["name"]!.GetValue<string>());
        var fileId = file["id"]!.GetValue<string>();
        var other = JsonNode.Parse(await (await Upload("另一个.pdf", "%PDF other"u8.ToArray())).Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        // A made-up file id is refused when saving.
        var bogus = await editor.PostFormAsync("/admin/content/new/Notice", "/admin/content/new/Notice",
            ("title", "附件无效"), ("f.Body", "x"), ("f.Attachments", """[{"id":"../../appsettings.json","name":"a"}]"""), ("action", "save"));
        Assert.Equal(HttpStatusCode.BadRequest, bogus.StatusCode);
        Assert.Contains("无效的附件", await bogus.Content.ReadAsStringAsync());

        var created = await editor.PostFormAsync("/admin/content/new/Notice", "/admin/content/new/Notice",
            ("title", "带附件的通知"), ("f.Body", "请下载附件"), ("f.Attachments", new JsonArray(file.DeepClone()).ToJsonString()), ("action", "publish"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = Regex.Match(created.Headers.Location!.OriginalString, "/admin/content/([0-9a-z]+)/edit").Groups[1].Value;

        var anonymous = app.CreateClient();
        var page = await anonymous.GetStringAsync($"/notices/{id}");
        Assert.Contains($"/content/Notice/{id}/files/{fileId}", page);
        var download = await anonymous.GetAsync($"/content/Notice/{id}/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("%PDF-1.4 demo", await download.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("填报说明.pdf", download.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/content/Notice/{id}/files/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/content/Notice/{id}/files/..%2F..%2Fappsettings.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/admin/content/{id}/files/{fileId}")).StatusCode);

        // Once the notice is aimed at one province, an anonymous visitor can no longer fetch its file.
        var edit = await editor.GetStringAsync($"/admin/content/{id}/edit");
        var version = Regex.Match(edit, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;
        var retargeted = await editor.PostFormAsync($"/admin/content/{id}/edit", $"/admin/content/{id}/edit", ("version", version),
            ("title", "带附件的通知"), ("f.Body", "请下载附件"), ("f.TargetRegions", "330000"),
            ("f.Attachments", new JsonArray(file.DeepClone()).ToJsonString()), ("action", "publish"));
        Assert.Equal(HttpStatusCode.Redirect, retargeted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/content/Notice/{id}/files/{fileId}")).StatusCode);
    }

    [Theory, Providers]
    public async Task Saving_from_a_stale_page_is_refused_with_a_clear_message(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateAdministratorAsync("stale_editor_" + provider, AdminLevel.Nation, "000000");
        var editor = await app.ClientAsAsync("stale_editor_" + provider);
        var created = await editor.PostFormAsync("/admin/content/new/Notice", "/admin/content/new/Notice",
            ("title", "并发测试"), ("f.Body", "原文"), ("action", "save"));
        var id = Regex.Match(created.Headers.Location!.OriginalString, "/admin/content/([0-9a-z]+)/edit").Groups[1].Value;
        var page = await editor.GetStringAsync($"/admin/content/{id}/edit");
        var version = Regex.Match(page, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;

        var first = await editor.PostFormAsync($"/admin/content/{id}/edit", $"/admin/content/{id}/edit",
            ("version", version), ("title", "第一个人的修改"), ("f.Body", "甲"), ("action", "save"));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var second = await editor.PostFormAsync($"/admin/content/{id}/edit", $"/admin/content/{id}/edit",
            ("version", version), ("title", "第二个人的修改"), ("f.Body", "乙"), ("action", "publish"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var html = await second.Content.ReadAsStringAsync();
        Assert.Contains("已被他人修改", html);
        Assert.Contains("第二个人的修改", html); // what was typed is still on the page

        var stored = await app.WithDbAsync(db => db.Set<ContentItem>().SingleAsync(i => i.ContentItemId == id && i.Latest));
        Assert.Equal("第一个人的修改", stored.DisplayText);
        Assert.False(stored.Published);
    }

    [Theory, Providers]
    public async Task A_content_editor_defines_a_new_type_and_publishes_an_item_of_it_without_code(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateAdministratorAsync("plain_admin_" + provider, AdminLevel.Nation, "000000");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientAsAsync("plain_admin_" + provider)).GetAsync("/admin/content-types")).StatusCode);

        await app.CreateAdministratorAsync("designer_" + provider, AdminLevel.Nation, "000000", roles: "ContentEditor");
        var editor = await app.ClientAsAsync("designer_" + provider);
        (string, string)[] Type(string secondName) =>
        [
            ("Name", "PolicyGuide"), ("DisplayName", "政策解读"), ("Listable", "true"),
            ("Fields.Index", "0"), ("Fields[0].Name", "Body"), ("Fields[0].DisplayName", "正文"), ("Fields[0].Kind", "markdown"), ("Fields[0].Required", "true"),
            ("Fields.Index", "k7"), ("Fields[k7].Name", "Subsidy"), ("Fields[k7].DisplayName", "补贴上限"), ("Fields[k7].Kind", "number"), ("Fields[k7].ShowInList", "true"),
            ("Fields.Index", "k9"), ("Fields[k9].Name", secondName), ("Fields[k9].DisplayName", "有效期至"), ("Fields[k9].Kind", "date"),
        ];

        var duplicate = await editor.PostFormAsync("/admin/content-types/new", "/admin/content-types/new", Type("Subsidy"));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("字段代码“Subsidy”在此类型中重复", await duplicate.Content.ReadAsStringAsync());

        var defined = await editor.PostFormAsync("/admin/content-types/new", "/admin/content-types/new", Type("Until"));
        Assert.Equal(HttpStatusCode.Redirect, defined.StatusCode);
        Assert.Contains("政策解读", await editor.GetStringAsync("/admin/content-types"));
        var form = await editor.GetStringAsync("/admin/content/new/PolicyGuide");
        Assert.Contains("补贴上限", form);
        Assert.Contains("name=\"f.Until\"", form);

        var missing = await editor.PostFormAsync("/admin/content/new/PolicyGuide", "/admin/content/new/PolicyGuide",
            ("title", "缺正文"), ("f.Subsidy", "abc"), ("action", "publish"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = await missing.Content.ReadAsStringAsync();
        Assert.Contains("正文不能为空", errors);
        Assert.Contains("补贴上限必须是数字", errors);
        var english = await editor.PostFormAsync("/admin/content/new/PolicyGuide", "/admin/content/new/PolicyGuide?culture=en",
            ("title", "缺正文"), ("action", "save"));
        Assert.Contains("正文 is required", await english.Content.ReadAsStringAsync());

        var published = await editor.PostFormAsync("/admin/content/new/PolicyGuide", "/admin/content/new/PolicyGuide",
            ("title", "小微企业税费减免政策解读"), ("f.Body", "**要点**：减半征收"), ("f.Subsidy", "200"), ("f.Until", "2026-12-31"), ("action", "publish"));
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var id = Regex.Match(published.Headers.Location!.OriginalString, "/admin/content/([0-9a-z]+)/edit").Groups[1].Value;

        var anonymous = app.CreateClient();
        var list = await anonymous.GetStringAsync("/content/PolicyGuide");
        Assert.Contains("小微企业税费减免政策解读", list);
        Assert.Contains("补贴上限", list);
        Assert.Contains("小微企业税费减免政策解读", await anonymous.GetStringAsync("/content/PolicyGuide?filter=Subsidy:gt:100&sort=-Until"));
        Assert.DoesNotContain("小微企业税费减免政策解读", await anonymous.GetStringAsync("/content/PolicyGuide?filter=Until:lt:2026-01-01"));
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/content/PolicyGuide?filter=Nope:eq:1")).StatusCode);
        var detail = await anonymous.GetStringAsync($"/content/PolicyGuide/{id}");
        Assert.Contains("<strong>要点</strong>", detail);
        Assert.Contains("2026-12-31", detail);
        var api = JsonNode.Parse(await anonymous.GetStringAsync("/api/v1/notices?type=PolicyGuide"))!;
        Assert.Equal(id, api["items"]![0]!["id"]!.GetValue<string>());
    }

    [Theory, Providers]
    public async Task The_preview_is_rendered_and_sanitized_by_the_server(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateAdministratorAsync("previewer_" + provider, AdminLevel.Nation, "000000");
        var editor = await app.ClientAsAsync("previewer_" + provider);
        var response = await editor.PostFormAsync("/admin/content/new/Notice", "/admin/content/preview",
            ("markdown", "# 标题\n\n<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>标题</h1>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("onerror", html);
        Assert.DoesNotContain("javascript:", html);
        // Only editors may use it: an anonymous caller is sent to sign in.
        var anonymous = await app.CreateClient(new() { AllowAutoRedirect = false }).PostAsync("/admin/content/preview", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/signin", anonymous.Headers.Location!.OriginalString);
    }

    [Theory, Providers]
    public async Task The_api_is_described_in_the_openapi_document_and_pages_speak_english_on_request(string provider)
    {
        var client = apps.Get(provider).CreateClient();
        var doc = await client.GetStringAsync("/api/v1/openapi.json");
        Assert.Contains("\"/api/v1/notices\"", doc);
        Assert.Contains("\"/api/v1/notices/{id}\"", doc);
        Assert.Contains("ListNotices", doc);
        Assert.Contains("NoticeDetail", doc);

        var en = await client.GetStringAsync("/notices?culture=en");
        Assert.Contains("Notices", en);
        Assert.DoesNotContain("暂无内容", en);
        Assert.Contains("通知公告", await client.GetStringAsync("/notices"));
    }
}
