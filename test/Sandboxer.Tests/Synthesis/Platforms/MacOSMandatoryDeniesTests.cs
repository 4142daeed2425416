using Sandboxer.Analysis;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Synthesis.Platforms;

namespace Sandboxer.Tests.Synthesis.Platforms;

public sealed class MacOSMandatoryDeniesTests
{
    private const string Home = "/Users/ana";

    [Theory]
    [InlineData("keychains-user", PathMatch.Subpath, "/Users/ana/Library/Keychains", "file-read*,file-write*")]
    [InlineData("keychains-system", PathMatch.Subpath, "/Library/Keychains", "file-read*,file-write*")]
    [InlineData("cookies", PathMatch.Subpath, "/Users/ana/Library/Cookies", "file-read*")]
    [InlineData("mail", PathMatch.Subpath, "/Users/ana/Library/Mail", "file-read*")]
    [InlineData("messages", PathMatch.Subpath, "/Users/ana/Library/Messages", "file-read*")]
    [InlineData("safari", PathMatch.Subpath, "/Users/ana/Library/Safari", "file-read*")]
    [InlineData("photos", PathMatch.Subpath, "/Users/ana/Pictures/Photos Library.photoslibrary", "file-read*")]
    [InlineData("launch-agents-user", PathMatch.Subpath, "/Users/ana/Library/LaunchAgents", "file-write*")]
    [InlineData("shell-zshrc", PathMatch.Literal, "/Users/ana/.zshrc", "file-write*")]
    [InlineData("shell-bash-profile", PathMatch.Literal, "/Users/ana/.bash_profile", "file-write*")]
    [InlineData("master-passwd", PathMatch.Literal, "/private/etc/master.passwd", "file-read*,file-write*")]
    public void Covers_the_macOS_secrets_and_persistence_points(string id, PathMatch match, string path, string operations)
    {
        var deny = Assert.Single(MacOSMandatoryDenies.For(Home), d => d.Location.Id == id);
        Assert.Equal(new PathFilter(match, path), deny.Filter);
        Assert.Equal(operations, string.Join(',', deny.Operations));
    }

    [Fact]
    public void Is_exactly_the_macOS_part_of_the_sensitive_location_catalogue()
    {
        Assert.Equal(
            SensitiveLocations.For(TargetPlatform.MacOS).Select(l => l.Id),
            MacOSMandatoryDenies.For(Home).Select(d => d.Location.Id));
        Assert.DoesNotContain(MacOSMandatoryDenies.For(Home), d => d.Location.Id == "shadow");
    }

    [Fact]
    public void The_base_never_opens_a_mandatory_deny()
    {
        foreach (var entry in MacOSBase.Entries)
        {
            if (entry.Filter is PathFilter path)
            {
                // A literal names one file (/ and the root symlinks' own metadata); a subpath everything below it.
                var opens = path.Match == PathMatch.Literal
                    ? SensitiveLocations.Match(path.Pattern, Home, TargetPlatform.MacOS) is not null
                    : SensitiveLocations.Overlaps(path.Pattern, Home, TargetPlatform.MacOS);
                Assert.False(opens, $"{entry.Id} opens a sensitive location");
            }
        }
    }
}
