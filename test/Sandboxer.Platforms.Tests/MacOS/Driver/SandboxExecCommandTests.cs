using Sandboxer.Platforms.MacOS.Driver;

namespace Sandboxer.Platforms.Tests.MacOS.Driver;

public sealed class SandboxExecCommandTests
{
    private static readonly SandboxEnvironment Mac = new("/Users/ana", "/Users/ana/project", "/var/folders/xx/yy/T/");

    [Fact]
    public void Builds_the_exact_argv_with_resolved_directories()
    {
        var parameters = SandboxParameters.Resolve(new Dictionary<string, string> { ["CACHE"] = "/Users/ana/.cache" }, Mac, FakePathResolver.MacOS);
        var command = new SandboxExecCommand("/private/var/folders/xx/yy/T/sandboxer-sbx_1.sb", parameters, ["/bin/ls", "-la", "--", "-x"]);
        Assert.Equal(
            [
                "/usr/bin/sandbox-exec", "-f", "/private/var/folders/xx/yy/T/sandboxer-sbx_1.sb",
                "-D", "CACHE=/Users/ana/.cache",
                "-D", "HOME=/Users/ana",
                "-D", "TMPDIR=/private/var/folders/xx/yy/T",
                "-D", "WORKING_DIR=/Users/ana/project",
                "--", "/bin/ls", "-la", "--", "-x",
            ],
            command.ToArgv());
    }

    [Theory]
    [InlineData("/tmp", "/private/tmp")]
    [InlineData("/tmp/", "/private/tmp")]
    [InlineData("/tmp/work dir", "/private/tmp/work dir")]
    [InlineData("/var/folders/xx/yy/T/", "/private/var/folders/xx/yy/T")]
    [InlineData("/var", "/private/var")]
    [InlineData("/private/tmp", "/private/tmp")]
    [InlineData("/Users/ana", "/Users/ana")]
    public void Resolves_directories_to_their_private_forms(string given, string expected)
    {
        Assert.Equal(expected, SandboxParameters.ResolveDirectory(given, FakePathResolver.MacOS));
    }

    [Theory]
    [InlineData("/tmp/not-yet-created", "/private/tmp/not-yet-created")]
    [InlineData("/etc/x", "/private/etc/x")]
    [InlineData("/tmpfoo", "/tmpfoo")]
    [InlineData("/Volumes/disk", "/Volumes/disk")]
    public void Falls_back_to_the_lexical_private_form_when_a_path_does_not_resolve(string given, string expected)
    {
        Assert.Equal(expected, SandboxParameters.ResolveDirectory(given, new FakePathResolver(new Dictionary<string, string>())));
    }

    [Fact]
    public void Given_directory_parameters_win_over_the_environment_and_are_resolved_too()
    {
        var parameters = SandboxParameters.Resolve(
            new Dictionary<string, string> { ["HOME"] = "/tmp/fake-home", ["WORKING_DIR"] = "/tmp/w/" },
            Mac,
            FakePathResolver.MacOS);
        Assert.Equal(
            ["HOME=/private/tmp/fake-home", "TMPDIR=/private/var/folders/xx/yy/T", "WORKING_DIR=/private/tmp/w"],
            parameters.Select(p => p.Key + "=" + p.Value));
    }

    [Fact]
    public void Rejects_parameter_names_sandbox_exec_could_misread()
    {
        Assert.Throws<ArgumentException>(() => SandboxParameters.Resolve(new Dictionary<string, string> { ["A=B"] = "x" }, Mac, FakePathResolver.MacOS));
    }

    [Fact]
    public void The_real_resolver_follows_symbolic_links_on_this_machine()
    {
        var directory = Directory.CreateTempSubdirectory("sandboxer-realpath-");
        try
        {
            var target = Directory.CreateDirectory(Path.Combine(directory.FullName, "real"));
            var link = Path.Combine(directory.FullName, "link");
            File.CreateSymbolicLink(link, target.FullName);
            var resolvedRoot = RealPathResolver.Instance.RealPath(directory.FullName)!;
            Assert.Equal(Path.Combine(resolvedRoot, "real"), RealPathResolver.Instance.RealPath(link + "/"));
            Assert.Null(RealPathResolver.Instance.RealPath(Path.Combine(directory.FullName, "missing")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_availability_probe_is_bazels()
    {
        Assert.Equal(["/usr/bin/sandbox-exec", "-p", "(version 1)(allow default)", "/usr/bin/true"], SandboxExecProbe.Argv);
    }

    [Fact]
    public void The_probe_reports_why_sandbox_exec_is_unavailable()
    {
        Assert.True(SandboxExecProbe.Classify(executableExists: true, 0, "").IsAvailable);
        var missing = SandboxExecProbe.Classify(executableExists: false, 127, "");
        Assert.False(missing.IsAvailable);
        Assert.Contains("/usr/bin/sandbox-exec does not exist", missing.Reason, StringComparison.Ordinal);
        var nested = SandboxExecProbe.Classify(executableExists: true, 71, "sandbox-exec: sandbox_apply: Operation not permitted\n");
        Assert.False(nested.IsAvailable);
        Assert.Contains("inside another Seatbelt sandbox", nested.Reason, StringComparison.Ordinal);
        var other = SandboxExecProbe.Classify(executableExists: true, 1, "something broke\n");
        Assert.Contains("exit 1): something broke", other.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_tags_are_fresh_and_safe_to_quote()
    {
        var a = RunTag.Create();
        var b = RunTag.Create();
        Assert.NotEqual(a, b);
        Assert.Matches("^sbx_[0-9a-z]{12}$", a);
        Assert.True(RunTag.IsValid(a));
        Assert.False(RunTag.IsValid("x\") (allow default"));
        Assert.False(RunTag.IsValid(""));
    }
}
