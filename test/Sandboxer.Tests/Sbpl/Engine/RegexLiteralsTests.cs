using Sandboxer.Sbpl.Engine;

namespace Sandboxer.Tests.Sbpl.Engine;

public sealed class RegexLiteralsTests
{
    [Theory]
    [InlineData(@"^/dev/ttys[0-9]+$", "/dev/ttys")]
    [InlineData(@"^/private/tmp/com\.apple\.launchd\.[^/]+/Listeners$", "/private/tmp/com.apple.launchd.")]
    [InlineData(@"^/ab*c", "/a")]
    [InlineData(@"^/ab+c", "/ab")]
    [InlineData(@"^/a\.?b", "/a")]
    [InlineData(@"^(/private)?/var/folders", "")]
    [InlineData(@"/Library/x", null)]
    [InlineData(@"^/a|^/b", null)]
    public void Anchored_prefix(string pattern, string? expected) => Assert.Equal(expected, RegexLiterals.AnchoredPrefix(pattern));

    [Theory]
    [InlineData(@"/Library/Managed Preferences/.*/\.GlobalPreferences\.plist", "/Library/Managed Preferences/")]
    [InlineData(@"\.apple-extension-service$", ".apple-extension-service")]
    [InlineData(@"ab+c", "ab")]
    [InlineData(@"x(abc)*yz", "yz")]
    [InlineData(@"[^]ab]cd", "cd")]
    [InlineData(@"a|bcd", null)]
    [InlineData(@"^/a", "/a")]
    public void Required_literal(string pattern, string? expected) => Assert.Equal(expected, RegexLiterals.RequiredLiteral(pattern));

    [Theory]
    [InlineData(@"ab+c", "abbbc")]
    [InlineData(@"[^]ab]cd", "xcd")]
    [InlineData(@"/Library/Managed Preferences/.*/\.GlobalPreferences\.plist", "/Library/Managed Preferences/u/.GlobalPreferences.plist")]
    public void Required_literal_never_rejects_a_match(string pattern, string value)
    {
        var translation = AppleMatchRegex.Translate(pattern);
        Assert.Matches(translation.Pattern!, value);
        Assert.True(translation.IsMatch(value));
    }
}
