using Sandboxer.Analysis;

namespace Sandboxer.Tests.Analysis;

public sealed class SensitiveLocationsTests
{
    [Theory]
    [InlineData("/Users/u/.ssh/id_ed25519", "ssh")]
    [InlineData("/Users/u/.ssh", "ssh")]
    [InlineData("/Users/u/.aws/credentials", "aws")]
    [InlineData("/Users/u/Library/Keychains/login.keychain-db", "keychains-user")]
    [InlineData("/Library/LaunchDaemons/x.plist", "launch-daemons")]
    [InlineData("/private/etc/sudoers", "sudoers")]
    [InlineData("/Users/u/.zshrc", "shell-zshrc")]
    [InlineData("/Users/u/Library/Application Support/Google/Chrome/Default/Cookies", "chrome-macos")]
    public void Matches_paths_on_macos(string path, string id) =>
        Assert.Equal(id, SensitiveLocations.Match(path, "/Users/u", TargetPlatform.MacOS)?.Id);

    [Theory]
    [InlineData("/home/u/.config/systemd/user/x.service", "systemd-user")]
    [InlineData("/etc/shadow", "shadow")]
    [InlineData("/home/u/.config/gh/hosts.yml", "gh")]
    [InlineData("/home/u/.docker/config.json", "docker-config")]
    public void Matches_paths_on_linux(string path, string id) =>
        Assert.Equal(id, SensitiveLocations.Match(path, "/home/u", TargetPlatform.Linux)?.Id);

    [Theory]
    [InlineData("/Users/u/.sshx")]
    [InlineData("/Users/u/.zshrc.bak")]
    [InlineData("/Users/u/project/.ssh")]
    [InlineData("/etc/shadow")]
    public void Does_not_match_look_alikes_or_other_platform_spellings(string path) =>
        Assert.Null(SensitiveLocations.Match(path, "/Users/u", TargetPlatform.MacOS));

    [Fact]
    public void Every_entry_has_a_reason_and_concrete_examples_under_home()
    {
        Assert.Equal(SensitiveLocations.All.Count, SensitiveLocations.All.Select(l => l.Id).Distinct().Count());
        foreach (var location in SensitiveLocations.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(location.Reason));
            var platform = (location.Platforms & TargetPlatform.MacOS) != 0 ? TargetPlatform.MacOS : TargetPlatform.Linux;
            var home = SensitiveLocations.PlaceholderHome(platform);
            foreach (var path in location.ExamplePaths(home, platform))
            {
                Assert.StartsWith("/", path, StringComparison.Ordinal);
                Assert.Equal(location.Id, SensitiveLocations.Match(path, home, platform)?.Id);
            }
        }
    }

    [Fact]
    public void Home_relative_entries_follow_the_given_home()
    {
        var ssh = SensitiveLocations.All.Single(l => l.Id == "ssh");
        Assert.Equal("/home/x/.ssh", ssh.Resolve("/home/x/", TargetPlatform.Linux));
        Assert.Contains("/home/x/.ssh/id_rsa", ssh.ExamplePaths("/home/x", TargetPlatform.Linux));
    }

    [Fact]
    public void Overlaps_finds_directories_holding_secrets()
    {
        Assert.True(SensitiveLocations.Overlaps("/Users/u", "/Users/u", TargetPlatform.MacOS));
        Assert.True(SensitiveLocations.Overlaps("/Users/u/Library", "/Users/u", TargetPlatform.MacOS));
        Assert.False(SensitiveLocations.Overlaps("/Users/u/project", "/Users/u", TargetPlatform.MacOS));
    }
}
