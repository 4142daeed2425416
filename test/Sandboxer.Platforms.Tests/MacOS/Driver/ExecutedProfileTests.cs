using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.Tests.MacOS.Driver;

public sealed class ExecutedProfileTests
{
    private const string Tag = "sbx_0123456789ab";
    private const string Modifier = " (with message \"sbx_0123456789ab\")";

    private static string Tagged(string text) => ExecutedProfile.Build([new SourceText(text, "/p.sb")], Tag).Text;

    [Fact]
    public void Tags_deny_default_and_every_deny_rule()
    {
        var text = "(version 1)\n(deny default)\n(allow file-read* (subpath \"/usr\"))\n(deny file-write*\n    (subpath \"/Users/ana/.ssh\"))\n";
        Assert.Equal(
            "(version 1)\n(deny default" + Modifier + ")\n(allow file-read* (subpath \"/usr\"))\n(deny file-write*\n    (subpath \"/Users/ana/.ssh\")" + Modifier + ")\n",
            Tagged(text));
    }

    [Fact]
    public void Leaves_parentheses_in_strings_raw_strings_comments_and_characters_alone()
    {
        var text = "; (deny nothing)\n#! (deny in a shebang comment)\n(allow file-read* (literal \"/a (deny) \\\" b\") (regex #\"^/x\\(deny\"))\n(define c #\\()\n(deny mach-lookup (global-name \"x\"))\n";
        var tagged = Tagged(text);
        Assert.Equal(text.Replace("(global-name \"x\"))", "(global-name \"x\")" + Modifier + ")", StringComparison.Ordinal), tagged);
    }

    [Fact]
    public void Keeps_an_existing_message_and_ignores_other_heads()
    {
        var text = "(deny file-read* (literal \"/x\") (with message \"mine\"))\n(define (deny-all) 1)\n(allow default)\n";
        Assert.Equal(text, Tagged(text));
    }

    [Fact]
    public void Tags_denies_inside_macros_and_leaves_unbalanced_ones_alone()
    {
        var macro = "(define (block path) (deny file-read* (subpath path)))\n";
        Assert.Equal(macro.Replace("(subpath path))", "(subpath path)" + Modifier + ")", StringComparison.Ordinal), Tagged(macro));
        var unbalanced = "(version 1)\n(deny file-read* (subpath \"/x\")\n";
        Assert.Equal(unbalanced, Tagged(unbalanced));
    }

    [Fact]
    public void Concatenates_files_in_order_with_segments()
    {
        var executed = ExecutedProfile.Build([new SourceText("(version 1)\n(deny default)", "/a.sb"), new SourceText("(allow process-exec)\r\n", "/b.sb")], Tag);
        Assert.Equal("(version 1)\n(deny default" + Modifier + ")\n(allow process-exec)\n", executed.Text);
        Assert.Equal([new ProfileSegment("/a.sb", 1, 2), new ProfileSegment("/b.sb", 3, 1)], executed.Map.Segments);
        Assert.Equal("/b.sb", executed.Map.Map(3, null)!.Path);
        Assert.Null(executed.Map.Map(4, null));
    }

    [Fact]
    public void Refuses_a_tag_that_would_need_escaping()
    {
        Assert.Throws<ArgumentException>(() => ExecutedProfile.Build([new SourceText("(deny default)", "/p.sb")], "a\"b"));
    }
}
