using BatchAi.Daemon.Cleaning;

namespace BatchAi.Daemon.Tests.Cleaning;

public sealed class HtmlRuleTests
{
    private readonly HtmlRule _rule = new();

    [Theory]
    [InlineData("<b>bold</b> text", "bold text")]
    [InlineData("line one<br>line two<br/>three<br />four", "line one\nline two\nthree\nfour")]
    [InlineData("<p>first</p><p>second</p>", "\nfirst\n\nsecond\n")]
    [InlineData("<p class=\"intro\" data-id='7'>hi</p>", "\nhi\n")]
    [InlineData("<a href=https://example.com/x?a=1>link</a>", "link")]
    [InlineData("Tom &amp; Jerry &lt;3 &copy; &#20320;&#x597D;", "Tom & Jerry <3 © 你好")]
    [InlineData("before<!-- a comment -->after", "beforeafter")]
    [InlineData("<script>alert('x')</script>text<style>p{}</style>", "text")]
    [InlineData("<td>a</td><td>b</td>", " a  b ")]
    [InlineData("<!DOCTYPE html><html><body>x</body></html>", "x")]
    public void Apply_Markup_TagsRemovedEntitiesDecoded(string input, string expected) =>
        Assert.Equal(expected, _rule.Apply(input));

    [Theory]
    [InlineData("a<b and c>d")]
    [InlineData("x < 3 and y > 2")]
    [InlineData("List<T> and Dictionary<K, V>")]
    [InlineData("if (a<b && c>d) return;")]
    [InlineData("<unknown>element</unknown>")]
    [InlineData("1 <2")]
    [InlineData("unclosed <p class=\"x\"")]
    [InlineData("AT&T and R&D; fish & chips")]
    public void Apply_TextThatOnlyLooksLikeMarkup_Unchanged(string input) =>
        Assert.Same(input, _rule.Apply(input));

    [Theory]
    [InlineData("&lt;b&gt;not bold&lt;/b&gt;", "&lt;b>not bold&lt;/b>")]
    [InlineData("&amp;lt; is how you write &lt;", "&amp;lt; is how you write <")]
    public void Apply_EscapedMarkup_StaysTextAndIsStable(string input, string expected)
    {
        var once = _rule.Apply(input);

        Assert.Equal(expected, once);
        Assert.Equal(once, _rule.Apply(once));
    }
}
