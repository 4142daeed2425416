namespace Sandboxer.Cli.Tests.EndToEnd;

/// <summary>
/// <c>sandboxer profile</c> on real programs nobody here wrote, with the real tracer and real Landlock: the profile
/// verifies, it has the expected shape, the probes are all blocked, and a fresh <c>run</c> under it works.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class ProfileEndToEndTests
{
    [Fact]
    public async Task Python_compileall_is_profiled_verified_and_reruns_under_the_profile()
    {
        using var project = new Project("python");
        project.Write("pkg/a.py", "A = 1\n");
        project.Write("pkg/b.py", "import json\nB = json.dumps({'a': 1})\n");
        project.Write("pkg/sub/c.py", "C = 3\n");

        var (code, output, error) = await project.ProfileAsync(["python3", "-m", "compileall", "-q", "pkg"]);

        Assert.True(code == 0, output + error);
        var profile = project.Profile();
        ProfileShape.AssertSound(profile, project.Report());
        Assert.Contains("(subpath (string-append (param \"WORKING_DIR\") \"/pkg\"))", profile, StringComparison.Ordinal);
        Assert.Contains("__pycache__", profile, StringComparison.Ordinal);

        Directory.Delete(Path.Combine(project.Root, "pkg", "__pycache__"), recursive: true);
        var rerun = await project.SandboxerAsync("run", "-f", project.ProfilePath, "--", "python3", "-m", "compileall", "-q", "pkg");
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.True(File.Exists(Path.Combine(project.Root, "pkg", "__pycache__", "a.cpython-311.pyc")) || Directory.EnumerateFiles(Path.Combine(project.Root, "pkg", "__pycache__")).Any());
    }

    [Fact]
    public async Task Git_commit_in_a_repository_is_profiled_and_verified()
    {
        using var project = new Project("git");
        project.Exec("git", "init", "-q");
        project.Write("README", "hello\n");
        project.Exec("git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "add", "README");
        string[] commit = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m", "profiled"];

        var (code, output, error) = await project.ProfileAsync(commit);

        Assert.True(code == 0, output + error);
        var profile = project.Profile();
        ProfileShape.AssertSound(profile, project.Report());
        Assert.Contains("/.git", profile, StringComparison.Ordinal);

        // Landlock grants creating entries per directory: on Linux the lock files widen to .git (never the project root).
        Assert.Contains("(subpath (string-append (param \"WORKING_DIR\") \"/.git\"))", profile, StringComparison.Ordinal);
        Assert.Contains("Landlock allows creating entries only per directory", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("(subpath (param \"WORKING_DIR\"))", profile, StringComparison.Ordinal);
        Assert.Equal(3, project.Report().GetProperty("runs").GetProperty("total").GetInt32());

        var rerun = await project.SandboxerAsync(["run", "-f", project.ProfilePath, "--", .. commit]);
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.DoesNotContain("LL5004", rerun.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_build_script_is_profiled_and_its_output_directory_generalized()
    {
        using var project = new Project("node");
        project.Write("src/a.js", "export const a = 1;\n");
        project.Write("src/b.js", "export const b = 2;\n");
        project.Write("build.js", """
            const fs = require('fs');
            const path = require('path');
            const files = fs.readdirSync('src').sort();
            const out = files.map(f => fs.readFileSync(path.join('src', f), 'utf8')).join('');
            fs.mkdirSync('dist', { recursive: true });
            fs.writeFileSync(path.join('dist', 'bundle.js'), out);
            console.log('built ' + files.length + ' files');
            """);

        var (code, output, error) = await project.ProfileAsync(["node", "build.js"], "--expect-output");

        Assert.True(code == 0, output + error);
        var profile = project.Profile();
        ProfileShape.AssertSound(profile, project.Report());
        Assert.Contains("(subpath (string-append (param \"WORKING_DIR\") \"/dist\"))", profile, StringComparison.Ordinal);
        Assert.Contains("(subpath (string-append (param \"WORKING_DIR\") \"/src\"))", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("network-outbound", profile, StringComparison.Ordinal);

        Directory.Delete(Path.Combine(project.Root, "dist"), recursive: true);
        var rerun = await project.SandboxerAsync("run", "-f", project.ProfilePath, "--", "node", "build.js");
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Equal("built 2 files\n", rerun.Output);
        Assert.True(File.Exists(Path.Combine(project.Root, "dist", "bundle.js")));
    }

    [Fact]
    public async Task Npm_install_of_a_small_dependency_from_the_registry_is_profiled_and_verified()
    {
        using var project = new Project("npm");
        using var home = new Project("npm-home");
        project.Write("package.json", """{"name":"e2e","version":"1.0.0","private":true}""");

        var (code, output, error) = await project.ProfileAsync(
            ["npm", "install", "is-number@7.0.0", "--no-audit", "--no-fund"], "-D", "HOME=" + home.Root);

        Assert.True(code == 0, output + error);
        var profile = project.Profile();
        ProfileShape.AssertSound(profile, project.Report());
        Assert.Contains("(remote tcp \"*:", profile, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(project.Root, "node_modules", "is-number", "package.json")));

        // A fresh install under `run`, with the same HOME (npm's cache there is the only state kept).
        Directory.Delete(Path.Combine(project.Root, "node_modules"), recursive: true);
        var rerun = await project.SandboxerAsync(
            new Dictionary<string, string> { ["HOME"] = home.Root },
            "run", "-f", project.ProfilePath, "--", "npm", "install", "is-number@7.0.0", "--no-audit", "--no-fund");
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.True(File.Exists(Path.Combine(project.Root, "node_modules", "is-number", "package.json")));
    }

    [Fact]
    public async Task The_demo_profiles_its_bundled_program_in_three_runs()
    {
        var (code, output, error) = await CliRunner.RunAsync("demo");
        Assert.True(code == 0, output + error);
        Assert.Contains("(deny default)", output, StringComparison.Ordinal);
        Assert.Contains("profile verified", output, StringComparison.Ordinal);
        Assert.Contains("runs: 3 (1 observe, 1 enforce, 1 verify)", output, StringComparison.Ordinal);
        Assert.Contains("probes:", output, StringComparison.Ordinal);
    }
}
