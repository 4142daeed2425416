using Sandboxer.Analysis;
using Sandboxer.Modes;

namespace Sandboxer.Tests.Modes;

/// <summary>
/// Runs generated wrapper scripts for real with dash and bash (both are POSIX <c>sh</c>s the script may meet) against
/// a stand-in sandbox that records its argv and runs the command: the program must get exactly its argv, the right
/// profile, and the resolved parameters.
/// </summary>
public sealed class WrapperScriptRunTests : IDisposable
{
    public static readonly TheoryData<string> Shells = ["/bin/dash", "/bin/bash"];

    /// <summary>Arguments a shell could mangle: spaces, quotes, line breaks, empties, dashes, globs, expansions, backslashes.</summary>
    private static readonly string[] Hostile =
    [
        "build", "two words", string.Empty, "-x", "--flag=1", "*", "?", "[a]", "$HOME", "${HOME}", "$(id)", "`id`",
        "back\\slash", "\\n", "new\nline", "trailing newline\n", "it's", "say \"hi\"", "tab\there", "--", "serve",
        " leading space", "ünïcödé ✓", "-", ";", "|", "&&", "> out", "#comment", "~", "%s%d", "\u0001control",
    ];

    private readonly ScriptSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [MemberData(nameof(Shells))]
    public void Every_argument_reaches_the_program_unchanged(string shell)
    {
        var script = _sandbox.Write(ScriptSandbox.Spec());
        var result = _sandbox.Run(shell, [script, .. Hostile]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Hostile, result.ProgramArguments);
        Assert.Equal([.. ScriptSandbox.PrintArgv, .. Hostile], result.AfterDashes);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void Linux_script_calls_sandboxer_run_with_the_profile_and_resolved_parameters(string shell)
    {
        var script = _sandbox.Write(ScriptSandbox.Spec());
        var result = _sandbox.Run(shell, [script, "serve", "--port", "1"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "run", "-f", Path.Combine(_sandbox.Repository, "prof", "serve.sb"),
                "-D", "HOME=" + _sandbox.Home, "-D", "WORKING_DIR=" + _sandbox.WorkingDirectory, "-D", "TMPDIR=" + _sandbox.Temporary,
                "--", .. ScriptSandbox.PrintArgv, "serve", "--port", "1",
            ],
            result.SandboxArguments);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void Macos_script_calls_sandbox_exec_directly(string shell)
    {
        var script = _sandbox.Write(ScriptSandbox.Spec(TargetPlatform.MacOS));
        var result = _sandbox.Run(shell, [script, "build", "a b", string.Empty]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "-f", Path.Combine(_sandbox.Repository, "prof", "build.sb"),
                "-D", "HOME=" + _sandbox.Home, "-D", "WORKING_DIR=" + _sandbox.WorkingDirectory, "-D", "TMPDIR=" + _sandbox.Temporary,
                "--", .. ScriptSandbox.PrintArgv, "build", "a b", string.Empty,
            ],
            result.SandboxArguments);
        Assert.Equal(["build", "a b", string.Empty], result.ProgramArguments);
    }

    public static readonly TheoryData<string[], string> FirstOperandCases = new()
    {
        { ["serve"], "serve" },
        { ["build"], "build" },
        { ["-v", "serve"], "serve" },
        { ["--port=1", "-abc", "serve", "build"], "serve" },
        { ["--", "serve"], "serve" },
        { ["--", "-v", "serve"], "build" },
        { ["-", "serve"], "build" },
        { ["x", "serve"], "build" },
        { ["--config", "serve"], "serve" },
        { [], "build" },
        { [string.Empty, "serve"], "build" },
        { ["serve\n"], "build" },
        { ["serv*"], "build" },
        { ["SERVE"], "build" },
        { ["serve build"], "build" },
    };

    [Theory]
    [MemberData(nameof(FirstOperandCases))]
    public void The_mode_is_the_first_argument_that_is_not_an_option(string[] arguments, string mode)
    {
        var script = _sandbox.Write(ScriptSandbox.Spec());
        var result = _sandbox.Run("/bin/dash", [script, .. arguments]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Path.Combine(_sandbox.Repository, "prof", mode + ".sb"), result.Profile);
        Assert.Equal(arguments, result.ProgramArguments);
    }

    public static readonly TheoryData<string[], string> ValueOptionCases = new()
    {
        { ["--config", "serve", "build"], "build" },
        { ["-c", "serve", "serve"], "serve" },
        { ["--config=serve", "serve"], "serve" },
        { ["-v", "--config", "x", "-c", "y", "serve"], "serve" },
        { ["--config"], "build" },
        { ["--config", "--", "serve"], "serve" },
    };

    [Theory]
    [MemberData(nameof(ValueOptionCases))]
    public void The_value_of_an_option_that_takes_one_is_not_the_mode(string[] arguments, string mode)
    {
        var script = _sandbox.Write(ScriptSandbox.Spec(match: new FirstOperandMatch(["--config", "-c"])));
        var result = _sandbox.Run("/bin/bash", [script, .. arguments]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Path.Combine(_sandbox.Repository, "prof", mode + ".sb"), result.Profile);
        Assert.Equal(arguments, result.ProgramArguments);
    }

    public static readonly TheoryData<string[], string> PositionCases = new()
    {
        { ["x", "serve"], "serve" },
        { ["serve"], "build" },
        { ["--", "serve"], "serve" },
        { ["-v", "serve", "build"], "serve" },
        { ["serve", "x"], "build" },
    };

    [Theory]
    [MemberData(nameof(PositionCases))]
    public void With_match_N_the_mode_is_the_argument_at_that_position(string[] arguments, string mode)
    {
        var script = _sandbox.Write(ScriptSandbox.Spec(match: new PositionMatch(2)));
        var result = _sandbox.Run("/bin/dash", [script, .. arguments]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Path.Combine(_sandbox.Repository, "prof", mode + ".sb"), result.Profile);
        Assert.Equal(arguments, result.ProgramArguments);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void An_unknown_mode_is_refused_with_64_and_nothing_runs(string shell)
    {
        var script = _sandbox.Write(ScriptSandbox.Spec(defaultMode: null));

        var unknown = _sandbox.Run(shell, [script, "-v", "deploy", "serve"]);
        Assert.Equal(WrapperExitCodes.UnknownMode, unknown.ExitCode);
        Assert.Equal("run.sh: unknown mode \"deploy\"; known modes: build, serve\n", unknown.Error);
        Assert.Null(unknown.SandboxArguments);
        Assert.Empty(unknown.ProgramArguments);

        var none = _sandbox.Run(shell, [script, "--verbose"]);
        Assert.Equal(WrapperExitCodes.UnknownMode, none.ExitCode);
        Assert.Equal("run.sh: no mode given; known modes: build, serve\n", none.Error);
        Assert.Null(none.SandboxArguments);

        var known = _sandbox.Run(shell, [script, "serve"]);
        Assert.Equal(0, known.ExitCode);
        Assert.Equal(Path.Combine(_sandbox.Repository, "prof", "serve.sb"), known.Profile);
    }

    [Fact]
    public void A_refused_mode_is_printed_as_given()
    {
        var script = _sandbox.Write(ScriptSandbox.Spec(defaultMode: null));
        var result = _sandbox.Run("/bin/dash", [script, "%s $HOME \\n"]);

        Assert.Equal(WrapperExitCodes.UnknownMode, result.ExitCode);
        Assert.Contains("unknown mode \"%s $HOME \\n\"", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void Profiles_are_found_next_to_the_script_through_symbolic_links_and_relative_paths(string shell)
    {
        var script = _sandbox.Write(ScriptSandbox.Spec());
        var expected = Path.Combine(_sandbox.Repository, "prof", "serve.sb");
        var links = Directory.CreateDirectory(Path.Combine(_sandbox.Root, "links")).FullName;
        File.CreateSymbolicLink(Path.Combine(links, "a"), "../repo/run.sh");
        File.CreateSymbolicLink(Path.Combine(links, "b"), "a");
        File.CreateSymbolicLink(Path.Combine(_sandbox.Bin, "tool"), script);

        Assert.Equal(expected, _sandbox.Run(shell, [Path.Combine(links, "b"), "serve"]).Profile);
        Assert.Equal(expected, _sandbox.Run(shell, ["../links/a", "serve"], workingDirectory: _sandbox.WorkingDirectory).Profile);
        Assert.Equal(expected, _sandbox.Run(shell, ["run.sh", "serve"], workingDirectory: _sandbox.Repository).Profile);
        Assert.Equal(expected, _sandbox.Run(shell, ["../run.sh", "serve"], workingDirectory: Path.Combine(_sandbox.Repository, "prof")).Profile);

        // Found through PATH and run by the kernel (#!/bin/sh): $0 is the link's path.
        var viaPath = _sandbox.Run("/usr/bin/env", ["tool", "serve", "x y"]);
        Assert.Equal(expected, viaPath.Profile);
        Assert.Equal(["serve", "x y"], viaPath.ProgramArguments);
        Assert.Equal(_sandbox.WorkingDirectory, viaPath.Parameter("WORKING_DIR"));
    }

    [Fact]
    public void The_script_and_its_profiles_can_move_together()
    {
        _sandbox.Write(ScriptSandbox.Spec());
        var moved = Path.Combine(_sandbox.Root, "it's a \"moved\" $dir");
        Directory.Move(_sandbox.Repository, moved);

        var result = _sandbox.Run("/bin/dash", [Path.Combine(moved, "run.sh"), "serve"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Path.Combine(moved, "prof", "serve.sb"), result.Profile);
    }

    [Fact]
    public void Parameters_are_physical_paths_without_trailing_slashes()
    {
        var script = _sandbox.Write(ScriptSandbox.Spec());
        var homeLink = Path.Combine(_sandbox.Root, "home-link");
        File.CreateSymbolicLink(homeLink, _sandbox.Home);
        var workLink = Path.Combine(_sandbox.Root, "work-link");
        File.CreateSymbolicLink(workLink, _sandbox.WorkingDirectory);

        var result = _sandbox.Run(
            "/bin/dash",
            [script, "build"],
            new Dictionary<string, string?> { ["HOME"] = homeLink + "/", ["TMPDIR"] = _sandbox.Temporary + "//", ["PWD"] = workLink },
            workingDirectory: workLink);

        Assert.Equal(_sandbox.Home, result.Parameter("HOME"));
        Assert.Equal(_sandbox.Temporary, result.Parameter("TMPDIR"));
        Assert.Equal(_sandbox.WorkingDirectory, result.Parameter("WORKING_DIR"));
    }

    [Fact]
    public void Without_TMPDIR_the_linux_script_uses_tmp()
    {
        var script = _sandbox.Write(ScriptSandbox.Spec());
        var result = _sandbox.Run("/bin/dash", [script, "build"], new Dictionary<string, string?> { ["TMPDIR"] = null });

        Assert.Equal(Path.GetFullPath("/tmp"), result.Parameter("TMPDIR"));
    }

    [Fact]
    public void Macos_script_writes_directories_it_cannot_enter_in_their_private_form()
    {
        var script = _sandbox.Write(ScriptSandbox.Spec(TargetPlatform.MacOS));
        var result = _sandbox.Run(
            "/bin/dash",
            [script, "build"],
            new Dictionary<string, string?> { ["TMPDIR"] = "/tmp/sandboxer-no-such-dir-7d1f/", ["HOME"] = "/var/sandboxer-no-such-home" });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/private/tmp/sandboxer-no-such-dir-7d1f", result.Parameter("TMPDIR"));
        Assert.Equal("/private/var/sandboxer-no-such-home", result.Parameter("HOME"));
    }

    [Fact]
    public void Macos_script_falls_back_from_TMPDIR_to_getconf_and_then_tmp()
    {
        // getconf DARWIN_USER_TEMP_DIR only answers on macOS; here the script must fall through to /tmp.
        var script = _sandbox.Write(ScriptSandbox.Spec(TargetPlatform.MacOS));
        var result = _sandbox.Run("/bin/bash", [script, "build"], new Dictionary<string, string?> { ["TMPDIR"] = null });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Path.GetFullPath("/tmp"), result.Parameter("TMPDIR"));
    }

    [Fact]
    public void Macos_script_passes_IMPORT_DIR_only_to_modes_whose_profiles_import_by_relative_name()
    {
        WrapperMode[] modes = [new("build", "prof/build.sb", PassImportDirectory: true), new("serve", "prof/serve.sb")];
        var script = _sandbox.Write(ScriptSandbox.Spec(TargetPlatform.MacOS, modes: modes));

        var build = _sandbox.Run("/bin/dash", [script, "build"]);
        Assert.Equal(Path.Combine(_sandbox.Repository, "prof"), build.Parameter("IMPORT_DIR"));
        Assert.Equal(["build"], build.ProgramArguments);

        var serve = _sandbox.Run("/bin/dash", [script, "serve"]);
        Assert.Null(serve.Parameter("IMPORT_DIR"));
        Assert.Equal(["serve"], serve.ProgramArguments);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void Without_HOME_the_script_fails_clearly_and_runs_nothing(string shell)
    {
        var script = _sandbox.Write(ScriptSandbox.Spec());
        var result = _sandbox.Run(shell, [script, "build"], new Dictionary<string, string?> { ["HOME"] = null });

        Assert.Equal(WrapperExitCodes.HomeNotSet, result.ExitCode);
        Assert.Contains("HOME is not set", result.Error, StringComparison.Ordinal);
        Assert.Null(result.SandboxArguments);
    }

    [Fact]
    public void A_missing_profile_is_reported_and_nothing_runs()
    {
        var script = _sandbox.Write(ScriptSandbox.Spec());
        File.Delete(Path.Combine(_sandbox.Repository, "prof", "serve.sb"));
        var result = _sandbox.Run("/bin/dash", [script, "serve"]);

        Assert.Equal(WrapperExitCodes.ProfileMissing, result.ExitCode);
        Assert.Contains("serve.sb is missing", result.Error, StringComparison.Ordinal);
        Assert.Null(result.SandboxArguments);
    }

    [Fact]
    public void Linux_script_without_sandboxer_says_what_to_do()
    {
        var script = _sandbox.Write(ScriptSandbox.Spec());
        var result = _sandbox.Run("/bin/dash", [script, "serve"], new Dictionary<string, string?> { ["SANDBOXER"] = null });

        Assert.Equal(WrapperExitCodes.SandboxerNotFound, result.ExitCode);
        Assert.Contains("set SANDBOXER", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_program_exit_status_is_the_scripts()
    {
        var script = _sandbox.Write(ScriptSandbox.Spec(command: ["/bin/sh", "-c", "exit 42"]));
        Assert.Equal(42, _sandbox.Run("/bin/dash", [script, "build"]).ExitCode);
    }
}
