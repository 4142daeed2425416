using System.Diagnostics;
using System.Text;
using Sandboxer.Analysis;
using Sandboxer.Collections;
using Sandboxer.Modes;

namespace Sandboxer.Tests.Modes;

/// <summary>
/// A temporary tree for running generated wrapper scripts for real: <c>repo/</c> with the script and its profiles,
/// a home, a working directory, and a stand-in for the sandbox (<c>sandboxer</c> on Linux, <c>sandbox-exec</c> for the
/// macOS script) that records the argv it got, NUL-separated, and then runs the command after <c>--</c> — so a test sees
/// both what the script asked the sandbox for and exactly what argv the program received. The program prints its
/// argv NUL-separated.
/// </summary>
internal sealed class ScriptSandbox : IDisposable
{
    /// <summary>A program that prints its arguments, each followed by NUL.</summary>
    public static readonly string[] PrintArgv = ["/bin/sh", "-c", "for a do printf '%s\\0' \"$a\"; done", "print-argv"];

    private const string StandInScript = """
        #!/bin/sh
        printf '%s\0' "$@" > "$RECORD"
        while [ "$#" -gt 0 ]; do
        	if [ "$1" = "--" ]; then
        		shift
        		exec "$@"
        	fi
        	shift
        done
        exit 97

        """;

    public ScriptSandbox(string repositoryName = "repo")
    {
        Root = Directory.CreateTempSubdirectory("sandboxer-modes-").FullName;
        Repository = Create(repositoryName);
        Home = Create("home");
        WorkingDirectory = Create("work");
        Temporary = Create("tmp");
        Bin = Create("bin");
        Record = Path.Combine(Root, "record");
        StandIn = Path.Combine(Bin, "stand-in");
        File.WriteAllText(StandIn, StandInScript);
        MakeExecutable(StandIn);
        Directory.CreateDirectory(Path.Combine(Repository, "prof"));
        foreach (var mode in new[] { "build", "serve", "test" })
        {
            File.WriteAllText(Path.Combine(Repository, "prof", mode + ".sb"), "(version 1)\n(deny default)\n");
        }
    }

    public string Root { get; }

    public string Repository { get; }

    public string Home { get; }

    public string WorkingDirectory { get; }

    public string Temporary { get; }

    public string Bin { get; }

    public string Record { get; }

    public string StandIn { get; }

    public string ScriptPath => Path.Combine(Repository, "run.sh");

    public static WrapperSpec Spec(
        TargetPlatform platform = TargetPlatform.Linux,
        string? defaultMode = "build",
        ModeMatch? match = null,
        IEnumerable<WrapperMode>? modes = null,
        IEnumerable<string>? command = null) => new(
        [.. command ?? PrintArgv],
        [.. modes ?? [new WrapperMode("build", "prof/build.sb"), new WrapperMode("serve", "prof/serve.sb")]],
        defaultMode,
        match ?? FirstOperandMatch.Plain,
        platform,
        null,
        "0.0.0-test",
        ["sandboxer", "wrapper", "--profile", "build=prof/build.sb", "-o", "run.sh", "--", "x"]);

    /// <summary>Writes the script for <paramref name="spec"/>; a macOS script gets the stand-in in place of <c>/usr/bin/sandbox-exec</c>.</summary>
    public string Write(WrapperSpec spec)
    {
        var script = WrapperScript.Generate(spec);
        if (spec.Platform == TargetPlatform.MacOS)
        {
            Assert.Contains($"exec {WrapperScript.SandboxExec} -f \"$profile\"", script, StringComparison.Ordinal);
            script = script.Replace(WrapperScript.SandboxExec, StandIn, StringComparison.Ordinal);
        }

        File.WriteAllText(ScriptPath, script);
        MakeExecutable(ScriptPath);
        return ScriptPath;
    }

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> in a clean environment (HOME, TMPDIR,
    /// PATH with the stand-in's directory, SANDBOXER and RECORD), overridable with <paramref name="environment"/>.</summary>
    public ScriptResult Run(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        if (File.Exists(Record))
        {
            File.Delete(Record);
        }

        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? WorkingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = Bin + ":/usr/bin:/bin";
        info.Environment["HOME"] = Home;
        info.Environment["TMPDIR"] = Temporary;
        info.Environment["SANDBOXER"] = StandIn;
        info.Environment["RECORD"] = Record;
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + program);
        process.StandardInput.Close();
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

        var recorded = File.Exists(Record) ? SplitNul(File.ReadAllBytes(Record)) : null;
        return new ScriptResult(process.ExitCode, SplitNul(output.ToArray()), error.Result, recorded);
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static List<string> SplitNul(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var parts = text.Split('\0').ToList();
        if (parts[^1].Length == 0)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        return parts;
    }

    private string Create(string name)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        return path;
    }
}

/// <summary>What a script run did: its exit status, the program's argv (its stdout), stderr, and the sandbox's argv (null when nothing ran).</summary>
internal sealed record ScriptResult(int ExitCode, List<string> ProgramArguments, string Error, List<string>? SandboxArguments)
{
    /// <summary>The profile the sandbox was given (<c>-f PROFILE</c>).</summary>
    public string? Profile => SandboxArguments is { } argv && argv.IndexOf("-f") is var i and >= 0 ? argv[i + 1] : null;

    public string? Parameter(string key) =>
        SandboxArguments?.Zip(SandboxArguments.Skip(1)).Where(p => p.First == "-D" && p.Second.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(p => p.Second[(key.Length + 1)..]).FirstOrDefault();

    public EquatableArray<string> AfterDashes =>
        SandboxArguments is { } argv && argv.IndexOf("--") is var i and >= 0 ? [.. argv.Skip(i + 1)] : [];
}
