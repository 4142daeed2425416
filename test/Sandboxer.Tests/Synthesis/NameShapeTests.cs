using Sandboxer.Synthesis.Generalization;

namespace Sandboxer.Tests.Synthesis;

public sealed class NameShapeTests
{
    [Theory]
    [InlineData(new[] { "tmp-3f2a9c.json", "tmp-b81e07.json" }, @"tmp-[0-9a-f]+\.json")]
    [InlineData(new[] { "file.1234.tmp", "file.5678.tmp" }, @"file\.[0-9]+\.tmp")]
    [InlineData(new[] { "npm-1234-ab", "npm-1290-cd" }, @"npm-[A-Za-z0-9._-]+")]
    [InlineData(new[] { "3f8a2c11e0", "3b9d11f0a4" }, @"[0-9a-f]+")]
    [InlineData(new[] { "a(1)", "a(2)" }, @"a\([0-9]+\)")]
    [InlineData(new[] { "7d", "82", "e3" }, @"[0-9a-f]{2}")]
    [InlineData(new[] { "17", "42" }, @"[0-9]{2}")]
    public void Infers_the_tightest_shape(string[] names, string expected)
    {
        var shape = NameShape.Infer(names);
        Assert.NotNull(shape);
        Assert.Equal(expected, shape.Value.Regex);
        foreach (var name in names)
        {
            Assert.Matches("^" + shape.Value.Regex + "$", name);
        }
    }

    [Fact]
    public void Refuses_names_without_shared_structure()
    {
        Assert.Null(NameShape.Infer(["a", "zz"]));
        Assert.Null(NameShape.Infer(["only-one"]));
        Assert.Null(NameShape.Infer(["ab", "xy"]));
        Assert.Null(NameShape.Infer(["7d", "123"]));
    }

    [Fact]
    public void Quotes_exactly_the_regex_quote_set()
    {
        Assert.Equal(@"\^\.\[\$\(\)\|\*\+\?\{\\]}", NameShape.Quote(@"^.[$()|*+?{\]}"));
    }
}
