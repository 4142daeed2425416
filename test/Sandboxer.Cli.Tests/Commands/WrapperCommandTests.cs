using System.Diagnostics;
using System.Text;

namespace Sandboxer.Cli.Tests.Commands;

public sealed class WrapperCommandTests : IDisposable
{
    private const string Build = """
        (version 1)
        (deny default)
        (allow process-exec* process-fork)
        (allow file-read* file-map-executable)
        (allow file-write* (subpath (param "TMPDIR")) (literal "/dev/null"))
        (allow file-write* (subpath (string-append (param "WORKING_DIR") "/dist")))

        """;

    private const string Serve = """
        (version 1)
        (deny default)
        (allow process-exec* process-fork)
        (allow file-read* file-map-executable)
        (allow file-write* (subpath (param "TMPDIR")) (literal "/dev/null"))
        (allow network-bind network-inbound (local tcp "*:5173"))

        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("sandboxer-wrapper-").FullName;

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private string Write(string name, string text)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private string[] Modes() => ["--profile", "build=" + Write("profiles/build.sb", Build), "--profile", "serve=" + Write("profiles/serve.sb", Serve)];

    [Fact]
    public async Task Writes_an_executable_script_that_finds_the_profiles_relative_to_itself()
    {
        var script = PathOf("bin/run.sh");
        var (code, output, error) = await CliRunner.RunAsync(["wrapper", .. Modes(), "--default", "build", "--platform", "linux", "-o", script, "--", "node", "vite"]);

        Assert.True(code == 0, error);
        Assert.Contains("wrote " + script, output, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(script, TestContext.Current.CancellationToken);
        Assert.StartsWith("#!/bin/sh\n", text, StringComparison.Ordinal);
        Assert.Contains("build) profile='../profiles/build.sb' ;;", text, StringComparison.Ordinal);
        Assert.Contains("-- 'node' 'vite' \"$@\"", text, StringComparison.Ordinal);
        Assert.Contains("#   sandboxer wrapper --profile build=../profiles/build.sb --profile serve=../profiles/serve.sb --default build --platform linux -o run.sh --force -- node vite", text, StringComparison.Ordinal);
        Assert.Equal((UnixFileMode)0b111_101_101, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(script));
    }

    [Fact]
    public async Task The_written_script_runs_the_command_with_every_argument()
    {
        var script = PathOf("run.sh");
        var (code, _, error) = await CliRunner.RunAsync(["wrapper", .. Modes(), "--refuse", "--platform", "linux", "-o", script, "--", "/bin/sh", "-c", "for a do printf '%s\\0' \"$a\"; done", "argv0"]);
        Assert.True(code == 0, error);

        // A stand-in for sandboxer that runs the command after `--`, to check the script's own contract.
        var standIn = Write("stand-in", "#!/bin/sh\nwhile [ \"$#\" -gt 0 ]; do\n\tif [ \"$1\" = \"--\" ]; then\n\t\tshift\n\t\texec \"$@\"\n\tfi\n\tshift\ndone\nexit 97\n");
        MakeExecutable(standIn);
        string[] arguments = ["serve", "a b", string.Empty, "$HOME", "*", "new\nline", "-x"];
        var (exit, stdout, _) = Run(script, arguments, new() { ["SANDBOXER"] = standIn });
        Assert.Equal(0, exit);
        Assert.Equal(string.Join('\0', arguments) + "\0", stdout);

        var (refused, _, message) = Run(script, ["deploy"], new() { ["SANDBOXER"] = standIn });
        Assert.Equal(64, refused);
        Assert.Contains("unknown mode \"deploy\"; known modes: build, serve", message, StringComparison.Ordinal);
    }

    public static readonly TheoryData<string[], string> UsageErrors = new()
    {
        { ["--platform", "linux"], "give either --default MODE" },
        { ["--default", "build", "--refuse"], "give either --default MODE" },
        { ["--default", "deploy"], "--default deploy is not one of the modes" },
        { ["--refuse", "--match", "0"], "--match counts arguments from 1" },
        { ["--refuse", "--match", "2", "--value-option=--config"], "--value-option only applies" },
        { ["--refuse", "--value-option=config"], "--value-option 'config' must be" },
        { ["--refuse", "--profile", "a b=x.sb"], "mode name 'a b' must use" },
        { ["--refuse", "--profile", "build=x.sb"], "mode 'build' is given twice" },
        { ["--refuse", "--profile", "other"], "--profile expects MODE=PROFILE" },
        { ["--refuse", "--profile", "other=/nonexistent/other.sb"], "/nonexistent/other.sb: no such file" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Bad_options_exit_2_with_a_message(string[] options, string message)
    {
        var script = PathOf("run.sh");
        var (code, _, error) = await CliRunner.RunAsync(["wrapper", .. Modes(), .. options, "-o", script, "--", "node"]);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(script));
    }

    [Fact]
    public async Task A_command_is_required()
    {
        var (code, _, _) = await CliRunner.RunAsync(["wrapper", .. Modes(), "--refuse", "-o", PathOf("run.sh")]);
        Assert.Equal(2, code);
        Assert.False(File.Exists(PathOf("run.sh")));
    }

    [Fact]
    public async Task A_profile_that_does_not_load_is_reported_with_its_location()
    {
        var broken = Write("profiles/broken.sb", "(version 1)\n(deny default)\n(allow file-read* (subpath (param \"NOT_GIVEN\")))\n");
        var (code, _, error) = await CliRunner.RunAsync(["wrapper", .. Modes(), "--profile", "test=" + broken, "--refuse", "-o", PathOf("run.sh"), "--", "node"]);

        Assert.Equal(2, code);
        Assert.Contains(broken + ":3:", error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("run.sh")));
    }

    [Fact]
    public async Task An_existing_script_is_replaced_only_with_force()
    {
        var script = Write("run.sh", "mine\n");
        var (code, _, error) = await CliRunner.RunAsync(["wrapper", .. Modes(), "--refuse", "-o", script, "--", "node"]);
        Assert.Equal(2, code);
        Assert.Contains("use --force", error, StringComparison.Ordinal);
        Assert.Equal("mine\n", await File.ReadAllTextAsync(script, TestContext.Current.CancellationToken));

        (code, _, error) = await CliRunner.RunAsync(["wrapper", .. Modes(), "--refuse", "-o", script, "--force", "--", "node"]);
        Assert.True(code == 0, error);
        Assert.StartsWith("#!/bin/sh", await File.ReadAllTextAsync(script, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Common_moves_shared_rules_to_the_base_and_keeps_the_originals()
    {
        var script = PathOf("run.sh");
        var baseFile = PathOf("profiles/base.sb");
        var (code, output, error) = await CliRunner.RunAsync(["wrapper", .. Modes(), "--default", "build", "--common", baseFile, "--platform", "macos", "-o", script, "--", "vite"]);

        Assert.True(code == 0, error);
        Assert.Contains("moved 6 rules every mode shares to " + baseFile, output, StringComparison.Ordinal);
        Assert.Equal(Build, await File.ReadAllTextAsync(PathOf("profiles/build.sb.orig"), TestContext.Current.CancellationToken));
        Assert.Equal(Serve, await File.ReadAllTextAsync(PathOf("profiles/serve.sb.orig"), TestContext.Current.CancellationToken));
        var build = await File.ReadAllTextAsync(PathOf("profiles/build.sb"), TestContext.Current.CancellationToken);
        Assert.Contains("(import \"base.sb\")", build, StringComparison.Ordinal);
        Assert.Contains("\"/dist\"", build, StringComparison.Ordinal);
        Assert.DoesNotContain("process-exec", build, StringComparison.Ordinal);
        Assert.Contains("(allow process-exec* process-fork)", await File.ReadAllTextAsync(baseFile, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // sandbox-exec looks relative imports up in IMPORT_DIR only.
        var text = await File.ReadAllTextAsync(script, TestContext.Current.CancellationToken);
        Assert.Contains("-D \"IMPORT_DIR=${profile%/*}\"", text, StringComparison.Ordinal);
        Assert.Contains("--common profiles/base.sb", text, StringComparison.Ordinal);

        // Again: the script and the backups exist, so --force is needed; then the base is recomputed from the files.
        (code, _, error) = await CliRunner.RunAsync(["wrapper", .. ModesAsTheyAre(), "--default", "build", "--common", baseFile, "-o", script, "--", "vite"]);
        Assert.Equal(2, code);
        Assert.Contains("--force", error, StringComparison.Ordinal);
        (code, output, error) = await CliRunner.RunAsync(["wrapper", .. ModesAsTheyAre(), "--default", "build", "--common", baseFile, "--force", "-o", script, "--", "vite"]);
        Assert.True(code == 0, error);
        Assert.Contains("moved 6 rules", output, StringComparison.Ordinal);
        Assert.Equal(Build, await File.ReadAllTextAsync(PathOf("profiles/build.sb.orig"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Common_does_not_replace_a_file_that_is_not_its_base_without_force()
    {
        var baseFile = Write("profiles/base.sb", "(allow file-read* (literal \"/x\"))\n");
        var (code, _, error) = await CliRunner.RunAsync(["wrapper", .. Modes(), "--refuse", "--common", baseFile, "-o", PathOf("run.sh"), "--", "vite"]);

        Assert.Equal(2, code);
        Assert.Contains("no mode profile imports it; use --force", error, StringComparison.Ordinal);
        Assert.Equal("(allow file-read* (literal \"/x\"))\n", await File.ReadAllTextAsync(baseFile, TestContext.Current.CancellationToken));
        Assert.Equal(Build, await File.ReadAllTextAsync(PathOf("profiles/build.sb"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Common_needs_two_modes_with_their_own_files()
    {
        var (code, _, error) = await CliRunner.RunAsync(["wrapper", "--profile", "a=" + Write("a.sb", Build), "--refuse", "--common", PathOf("base.sb"), "-o", PathOf("run.sh"), "--", "x"]);
        Assert.Equal(2, code);
        Assert.Contains("--common needs at least two modes", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_macos_script_cannot_mix_IMPORT_DIR_with_relative_system_imports()
    {
        var modes = Modes();
        Write("profiles/helpers.sb", "(allow file-read* (literal \"/etc/motd\"))\n");
        Write("profiles/build.sb", "(version 1)\n(import \"system.sb\")\n(import \"helpers.sb\")\n(deny default)\n");
        var (code, _, error) = await CliRunner.RunAsync(["wrapper", .. modes, "--refuse", "--platform", "macos", "-o", PathOf("run.sh"), "--", "x"]);

        Assert.Equal(2, code);
        Assert.Contains("/System/Library/Sandbox/Profiles/system.sb", error, StringComparison.Ordinal);

        // The Linux script runs `sandboxer run`, whose loader finds helpers.sb next to the profile: no conflict.
        (code, _, error) = await CliRunner.RunAsync(["wrapper", .. modes, "--refuse", "--platform", "linux", "-o", PathOf("run.sh"), "--", "x"]);
        Assert.True(code == 0, error);
    }

    [Fact]
    public async Task A_profile_generated_for_another_mode_is_flagged()
    {
        var serve = Write("profiles/serve.sb", ";; sandboxer: {\"schema\":1,\"mode\":\"serve\",\"command\":[\"vite\"]}\n" + Serve);
        var (code, _, error) = await CliRunner.RunAsync(["wrapper", "--profile", "build=" + serve, "--refuse", "-o", PathOf("run.sh"), "--", "vite"]);

        Assert.Equal(0, code);
        Assert.Contains("was generated for mode 'serve', used here for mode 'build'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_to_end_with_the_real_sandboxer_run()
    {
        if (!SandboxerApp.BuildRoot().Subcommands.Any(c => c.Name == "run"))
        {
            Assert.Skip("`sandboxer run` is not on this branch yet; this test runs once it is merged");
        }

        var script = PathOf("run.sh");
        var (code, _, error) = await CliRunner.RunAsync(
            ["wrapper", .. Modes(), "--refuse", "--platform", "linux", "-o", script, "--", "/bin/sh", "-c", "for a do printf '%s\\0' \"$a\"; done; if (: > denied) 2>/dev/null; then echo WROTE; fi", "argv0"]);
        Assert.True(code == 0, error);

        // The sandboxer built with these tests (its apphost, or the dll through the dotnet host).
        var sandboxer = Path.Combine(AppContext.BaseDirectory, "sandboxer");
        if (!File.Exists(sandboxer))
        {
            sandboxer = Write("sandboxer", $"#!/bin/sh\nexec {Quote(DotnetHost())} {Quote(typeof(SandboxerApp).Assembly.Location)} \"$@\"\n");
            MakeExecutable(sandboxer);
        }

        var work = Directory.CreateDirectory(PathOf("work")).FullName;
        string[] arguments = ["build", "a b", string.Empty, "$HOME", "*", "-x"];
        var (exit, stdout, stderr) = Run(script, arguments, new() { ["SANDBOXER"] = sandboxer, ["TMPDIR"] = Directory.CreateDirectory(PathOf("tmp")).FullName }, work);

        Assert.True(exit == 0, stderr);
        Assert.Equal(string.Join('\0', arguments) + "\0", stdout);
        Assert.False(File.Exists(Path.Combine(work, "denied")), "the profile does not allow writing to the working directory");

        // The same program, unconfined, can write there: the sandbox made the difference.
        using (var unconfined = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", ": > denied"]) { WorkingDirectory = work })!)
        {
            await unconfined.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(Path.Combine(work, "denied")));
    }

    private string[] ModesAsTheyAre() => ["--profile", "build=" + PathOf("profiles/build.sb"), "--profile", "serve=" + PathOf("profiles/serve.sb")];

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private (int ExitCode, string Output, string Error) Run(string script, IEnumerable<string> arguments, Dictionary<string, string> environment, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("/bin/dash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? _directory,
        };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        using var output = new MemoryStream();
        try
        {
            process.StandardOutput.BaseStream.CopyToAsync(output, limit.Token).GetAwaiter().GetResult();
            process.WaitForExitAsync(limit.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, Encoding.UTF8.GetString(output.ToArray()), error.Result);
    }
}
