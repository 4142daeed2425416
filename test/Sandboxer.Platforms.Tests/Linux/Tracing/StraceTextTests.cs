using System.Text;
using Sandboxer.Platforms.Linux.Tracing;

namespace Sandboxer.Platforms.Tests.Linux.Tracing;

public sealed class StraceTextTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("q\\\"uote\\\\back", "q\"uote\\back")]
    [InlineData("nl\\nname\\ttab\\rcr\\ffeed\\vvt", "nl\nname\ttab\rcr\ffeed\vvt")]
    [InlineData("\\x3cgt\\x3e", "<gt>")]
    [InlineData("\\76lt\\74", ">lt<")]
    public void Unescapes_strace_escapes(string escaped, string expected)
    {
        var scratch = new ByteScratch();
        Assert.Equal(expected, Encoding.UTF8.GetString(StraceText.Unescape(Encoding.ASCII.GetBytes(escaped), scratch)));
    }

    [Fact]
    public void Octal_escapes_are_read_greedily_up_to_three_digits_and_keep_non_utf8_bytes()
    {
        var scratch = new ByteScratch();
        Assert.Equal(new byte[] { (byte)'b', 0xff, 0xfe, (byte)'u' }, StraceText.Unescape("b\\377\\376u"u8, scratch).ToArray());
        Assert.Equal(new byte[] { 1, (byte)'a', 0, (byte)'8' }, StraceText.Unescape("\\1a\\08"u8, scratch).ToArray());
        Assert.Equal(new byte[] { 0xc3, 0xbc, (byte)'-' }, StraceText.Unescape("\\xc3\\xbc-"u8, scratch).ToArray());
    }

    [Fact]
    public void A_string_without_escapes_is_returned_without_copying()
    {
        var text = "/usr/lib/x86_64-linux-gnu/libc.so.6"u8;
        var result = StraceText.Unescape(text, new ByteScratch());
        Assert.True(result.Overlaps(text));
    }

    [Theory]
    [InlineData("\"abc\", 1", 5)]
    [InlineData("\"a\\\"b\", 1", 6)]
    [InlineData("\"abc\"..., 1", 8)]
    [InlineData("\"unterminated", -1)]
    public void Skips_quoted_strings(string text, int expected)
    {
        Assert.Equal(expected, StraceText.SkipQuoted(Encoding.ASCII.GetBytes(text), 0));
    }

    [Theory]
    [InlineData("3</tmp/demo/gt\\x3elt\\x3c.txt>, x", 1, 29)]
    [InlineData("1</dev/null<char 1:3>>, x", 1, 22)]
    [InlineData("11<TCPv6:[[::1]:18081->[::1]:43984]>) = 0", 2, 36)]
    [InlineData("4<pipe:[9918]>", 1, 14)]
    public void Skips_decorations_including_escaped_and_nested_brackets(string text, int start, int expected)
    {
        Assert.Equal(expected, StraceText.SkipDecoration(Encoding.ASCII.GetBytes(text), start));
    }

    [Fact]
    public void Splits_arguments_at_top_level_commas_only()
    {
        var text = "AT_FDCWD</tmp/a,b>, \"x, y\", {st_mode=S_IFDIR|0755, st_size=4096, ...}, [1, 2], f(3, 4), 0"u8;
        Span<Range> ranges = stackalloc Range[8];
        var count = StraceText.SplitArguments(text, ranges);
        Assert.Equal(6, count);
        string[] expected = ["AT_FDCWD</tmp/a,b>", "\"x, y\"", "{st_mode=S_IFDIR|0755, st_size=4096, ...}", "[1, 2]", "f(3, 4)", "0"];
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(expected[i], Encoding.ASCII.GetString(text[ranges[i]]));
        }
    }

    [Fact]
    public void Finds_the_closing_parenthesis_past_strings_and_decorations_with_parentheses()
    {
        var line = "openat(3</tmp/a)b>, \"c)d\", O_RDONLY) = 4</tmp/a)b/c)d>"u8;
        Assert.Equal(35, StraceText.FindClosingParenthesis(line, 7));
    }

    [Theory]
    [InlineData("/tmp/demo", "fam/a.txt", "/tmp/demo/fam/a.txt")]
    [InlineData("/tmp/demo", "../x/./y//z/", "/tmp/x/y/z")]
    [InlineData("/tmp/demo", "/etc/../usr/lib", "/usr/lib")]
    [InlineData("/", "..", "/")]
    [InlineData("/a/b", ".", "/a/b")]
    [InlineData("/a/b", "", "/a/b")]
    public void Joins_and_normalises_paths_lexically(string directory, string path, string expected)
    {
        var scratch = new ByteScratch();
        Assert.Equal(expected, Encoding.UTF8.GetString(LexicalPath.Resolve(Encoding.UTF8.GetBytes(directory), Encoding.UTF8.GetBytes(path), scratch)));
    }
}
