using SmeMonitor.Core.Content;

namespace SmeMonitor.Tests.Content;

public class MarkdownTests
{
    private static readonly MarkdownRenderer Renderer = new();

    [Theory]
    [InlineData("hello <script>alert(1)</script> world", "<script")]
    [InlineData("<img src=\"x.png\" onerror=\"alert(1)\">", "onerror")]
    [InlineData("[click](javascript:alert(1))", "javascript:")]
    [InlineData("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "script:")]
    [InlineData("<div style=\"position: fixed; top: 0; left: 0; width: 100%; height: 100%\">cover</div>", "position")]
    [InlineData("<p class=\"position-fixed top-0\">cover by class</p>", "position-fixed")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    [InlineData("<form action=\"https://evil.example\"><input name=\"p\"></form>", "<input")]
    [InlineData("<svg><script>alert(1)</script></svg>", "script")]
    public void Dangerous_markup_is_removed(string markdown, string forbidden)
    {
        var html = Renderer.ToSafeHtml(markdown);
        Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Ordinary_markdown_and_harmless_styles_are_kept()
    {
        var html = Renderer.ToSafeHtml("""
            # 关于开展调查的通知

            请**各地**于月底前完成：

            - 第一项
            - 第二项

            | 地区 | 截止 |
            |------|-----:|
            | 浙江 | 10日 |

            详见[平台](https://example.gov.cn/a)。
            <span style="color: red; position: absolute">红字</span>
            """);
        Assert.Contains("<h1>关于开展调查的通知</h1>", html);
        Assert.Contains("<strong>各地</strong>", html);
        Assert.Contains("<li>第一项</li>", html);
        Assert.Contains("<table>", html);
        Assert.Contains("href=\"https://example.gov.cn/a\"", html);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html);
        Assert.Contains("style=\"text-align: right\"", html);
        Assert.Contains("<span style=\"color: rgba(255, 0, 0, 1)\">红字</span>", html);
        Assert.DoesNotContain("absolute", html);
    }

    [Fact]
    public void Blank_input_renders_nothing() => Assert.Equal("", Renderer.ToSafeHtml("  "));
}
