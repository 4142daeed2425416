using System.CommandLine;
using System.Globalization;
using Sandboxer.Analysis;
using Sandboxer.Cli.IO;
using Sandboxer.Cli.Rendering;
using Sandboxer.Modes;
using Sandboxer.Modes.Split;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer wrapper --profile MODE=PROFILE… (--default MODE | --refuse) [--common BASE.sb] [--match N]
/// [--value-option OPT]… [--platform auto|macos|linux] -o SCRIPT [--force] -- COMMAND…</c>: writes the POSIX
/// <c>sh</c> script that runs the command under the profile of the mode it is invoked in (docs/modes.md). With
/// <c>--common</c>, the rules every mode shares first move into one base profile that each mode profile imports;
/// the mode profiles are rewritten (each saved first as <c>PROFILE.orig</c>) only after the engine proved that they
/// decide every access as before, and the proof is repeated on the written files (a failure restores them).
/// Exit 2 for bad options or profiles, 1 when the written profiles do not check out.
/// </summary>
internal static class WrapperCommand
{
    private const string BackupSuffix = ".orig";

    /// <summary>Stand-ins for the run-time parameters, to check that every profile loads.</summary>
    private static readonly Dictionary<string, string> Placeholders = new(StringComparer.Ordinal)
    {
        ["HOME"] = "/sandboxer-placeholder/home",
        ["WORKING_DIR"] = "/sandboxer-placeholder/work",
        ["TMPDIR"] = "/sandboxer-placeholder/tmp",
    };

    public static Command Create()
    {
        var profiles = new Option<string[]>("--profile", "-p")
        {
            Description = "A mode and its profile, as MODE=PROFILE. Repeatable; at least one.",
            HelpName = "MODE=PROFILE",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var fallback = new Option<string?>("--default") { Description = "Run an unknown or missing mode as MODE.", HelpName = "MODE" };
        var refuse = new Option<bool>("--refuse") { Description = "Refuse an unknown or missing mode: list the known modes on stderr and exit 64." };
        var common = new Option<string?>("--common")
        {
            Description = "Move the rules every mode shares into BASE (imported by each mode profile, which is rewritten; the original is kept as PROFILE.orig).",
            HelpName = "BASE.sb",
        };
        var match = new Option<int?>("--match")
        {
            Description = "The mode is argument N (from 1, counting every argument). Default: the first argument that is not an option.",
            HelpName = "N",
        };
        var valueOptions = new Option<string[]>("--value-option")
        {
            Description = "An option of the program that takes the next argument as its value, skipped when looking for the mode "
                + "(write it with =, e.g. --value-option=--config). Repeatable.",
            HelpName = "OPTION",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var platform = new Option<string>("--platform")
        {
            Description = "macos: the script calls /usr/bin/sandbox-exec; linux: it calls `sandboxer run`. auto: the platform sandboxer runs on.",
            HelpName = "PLATFORM",
            DefaultValueFactory = _ => "auto",
        };
        platform.AcceptOnlyFromAmong("auto", "macos", "linux");
        var output = new Option<string>("--output", "-o") { Description = "The script to write (mode 0755).", HelpName = "SCRIPT", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite the script, the base and earlier .orig backups." };
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The program and its fixed leading arguments (after --); the script appends its own arguments.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("wrapper", "Write a sh script that runs a command under the profile of the mode it is invoked in.")
        {
            profiles,
            fallback,
            refuse,
            common,
            match,
            valueOptions,
            platform,
            output,
            force,
            commandLine,
        };
        command.SetAction(parseResult => Run(
            new Request(
                parseResult.GetValue(profiles) ?? [],
                parseResult.GetValue(fallback),
                parseResult.GetValue(refuse),
                parseResult.GetValue(common),
                parseResult.GetValue(match),
                parseResult.GetValue(valueOptions) ?? [],
                parseResult.GetValue(platform) ?? "auto",
                parseResult.GetRequiredValue(output),
                parseResult.GetValue(force),
                parseResult.GetValue(commandLine) ?? []),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    private sealed record Request(
        string[] Profiles,
        string? Default,
        bool Refuse,
        string? Common,
        int? Match,
        string[] ValueOptions,
        string Platform,
        string Output,
        bool Force,
        string[] Command);

    private sealed record ModeFile(string Name, string Path);

    private static int Run(Request request, TextWriter stdout, TextWriter stderr)
    {
        var modes = ReadModes(request, stderr);
        if (modes is null || !ValidateOptions(request, modes, stderr))
        {
            return ExitCodes.Usage;
        }

        var scriptPath = Path.GetFullPath(request.Output);
        if (Directory.Exists(scriptPath))
        {
            return Usage(stderr, $"{scriptPath} is a directory; -o names the script file");
        }

        if (File.Exists(scriptPath) && !request.Force)
        {
            return Usage(stderr, new FileExistsException(scriptPath).Message);
        }

        if (modes.Any(m => m.Path == scriptPath) || (request.Common is { } c && Path.GetFullPath(c) == scriptPath))
        {
            return Usage(stderr, $"{scriptPath} is a profile; -o names the script to write");
        }

        var sources = new Dictionary<string, SourceText>(StringComparer.Ordinal);
        foreach (var path in modes.Select(m => m.Path).Distinct(StringComparer.Ordinal))
        {
            var loaded = ProfileLoader.LoadFiles([path], Placeholders);
            if (loaded.HasErrors)
            {
                DiagnosticPrinter.PrintAll(stderr, loaded.Diagnostics.Where(d => d.IsError), loaded.FindSource);
                stderr.WriteLine($"sandboxer: {path} does not load; fix it or profile the mode again");
                return ExitCodes.Usage;
            }

            sources[path] = loaded.Sources[0];
        }

        WarnAboutHeaders(modes, sources, request.Command, stderr);
        string? sharedBase = null;
        if (request.Common is { } commonPath)
        {
            var (code, written) = SplitCommon(modes, sources, Path.GetFullPath(commonPath), request.Force, stdout, stderr);
            if (code != ExitCodes.Success)
            {
                return code;
            }

            sharedBase = written;
        }

        return WriteScript(request, modes, sharedBase, scriptPath, stdout, stderr);
    }

    private static List<ModeFile>? ReadModes(Request request, TextWriter stderr)
    {
        var modes = new List<ModeFile>();
        foreach (var given in request.Profiles)
        {
            var equals = given.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == given.Length - 1)
            {
                Usage(stderr, $"--profile expects MODE=PROFILE, got '{given}'");
                return null;
            }

            var name = given[..equals];
            var path = Path.GetFullPath(given[(equals + 1)..]);
            if (!ModeNames.IsValid(name))
            {
                Usage(stderr, $"mode name '{name}' must use {ModeNames.Rule} (it becomes a pattern in the script)");
                return null;
            }

            if (modes.Any(m => m.Name == name))
            {
                Usage(stderr, $"mode '{name}' is given twice");
                return null;
            }

            if (!File.Exists(path))
            {
                Usage(stderr, $"{path}: no such file (profile of mode '{name}')");
                return null;
            }

            modes.Add(new ModeFile(name, path));
        }

        return modes;
    }

    private static bool ValidateOptions(Request request, List<ModeFile> modes, TextWriter stderr)
    {
        string? problem = null;
        if ((request.Default is null) == !request.Refuse)
        {
            problem = "give either --default MODE (run unknown modes as MODE) or --refuse (exit 64 for unknown modes)";
        }
        else if (request.Default is { } fallback && modes.All(m => m.Name != fallback))
        {
            problem = $"--default {fallback} is not one of the modes ({string.Join(", ", modes.Select(m => m.Name))})";
        }
        else if (request.Match is < 1)
        {
            problem = "--match counts arguments from 1";
        }
        else if (request.Match is not null && request.ValueOptions.Length > 0)
        {
            problem = "--value-option only applies to the default rule (the first argument that is not an option), not to --match";
        }
        else if (request.ValueOptions.FirstOrDefault(o => !ModeNames.IsValidOption(o)) is { } option)
        {
            problem = $"--value-option '{option}' must be {ModeNames.OptionRule}";
        }
        else if (request.Command.Length == 0 || request.Command[0].Length == 0)
        {
            problem = "give the command after --, e.g. -- npx vite";
        }
        else if (request.Common is { } common)
        {
            var basePath = Path.GetFullPath(common);
            if (modes.Count < 2)
            {
                problem = "--common needs at least two modes";
            }
            else if (modes.Any(m => m.Path == basePath))
            {
                problem = $"--common {basePath} is the profile of a mode";
            }
            else if (modes.Select(m => m.Path).Distinct(StringComparer.Ordinal).Count() != modes.Count)
            {
                problem = "--common needs one profile file per mode (two modes share a file)";
            }
            else if (Directory.Exists(basePath))
            {
                problem = $"--common {basePath} is a directory";
            }
        }

        if (problem is null)
        {
            return true;
        }

        Usage(stderr, problem);
        return false;
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine("sandboxer wrapper: " + message);
        return ExitCodes.Usage;
    }

    /// <summary>A generated profile records its mode and command: say so when they are not the ones given here.</summary>
    private static void WarnAboutHeaders(List<ModeFile> modes, Dictionary<string, SourceText> sources, string[] command, TextWriter stderr)
    {
        foreach (var mode in modes)
        {
            if (GeneratedProfileInfo.Read(sources[mode.Path].Text) is not { } info)
            {
                continue;
            }

            if (info.Mode is { } recorded && recorded != mode.Name)
            {
                stderr.WriteLine($"sandboxer wrapper: warning: {mode.Path} was generated for mode '{recorded}', used here for mode '{mode.Name}'");
            }

            if (!info.Command.IsEmpty && !info.Command.SequenceEqual(command.Take(info.Command.Count)) && !command.SequenceEqual(info.Command.Take(command.Length)))
            {
                stderr.WriteLine($"sandboxer wrapper: warning: {mode.Path} was generated for `{string.Join(' ', info.Command)}`, the script runs `{string.Join(' ', command)}`");
            }
        }
    }

    /// <summary>Splits and writes the profiles; the exit code, and the base when the profiles now import it.</summary>
    private static (int Code, string? Base) SplitCommon(List<ModeFile> modes, Dictionary<string, SourceText> sources, string basePath, bool force, TextWriter stdout, TextWriter stderr)
    {
        SourceText? existing = null;
        if (File.Exists(basePath))
        {
            try
            {
                existing = SourceText.FromFile(basePath);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                return (Usage(stderr, $"cannot read {basePath}: {error.Message}"), null);
            }
        }

        CommonBaseSplit split;
        try
        {
            split = CommonBaseSplitter.Split([.. modes.Select(m => new ModeProfile(m.Name, sources[m.Path]))], basePath, existing, ToolVersion);
        }
        catch (CommonBaseException error)
        {
            return (Usage(stderr, "--common: " + error.Message), null);
        }

        if (existing is not null && !split.ReplacesEarlierSplit && !force)
        {
            return (Usage(stderr, $"{basePath} exists and no mode profile imports it; use --force to replace it (it is kept as {basePath}{BackupSuffix})"), null);
        }

        if (!split.HasChanges)
        {
            stdout.WriteLine($"no rule every mode shares can move to {basePath} without changing a decision; profiles unchanged");
            WriteKept(stdout, split);
            return (ExitCodes.Success, null);
        }

        // What changes: the mode profiles whose text changes, and the base. Each is saved first.
        var originals = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (existing?.Text != split.BaseText)
        {
            originals[basePath] = existing?.Text;
        }

        foreach (var profile in split.Profiles.Where(p => p.Text != sources[p.Path].Text))
        {
            originals[profile.Path] = sources[profile.Path].Text;
        }

        var existingBackups = originals.Where(o => o.Value is not null && File.Exists(o.Key + BackupSuffix)).Select(o => o.Key + BackupSuffix).ToList();
        if (existingBackups.Count > 0 && !force)
        {
            return (Usage(stderr, $"{string.Join(", ", existingBackups)} already exist (from an earlier run); use --force to replace them"), null);
        }

        try
        {
            foreach (var (path, text) in originals.Where(o => o.Value is not null))
            {
                AtomicFile.WriteAllText(path + BackupSuffix, text!, overwrite: true);
            }

            if (originals.ContainsKey(basePath))
            {
                AtomicFile.WriteAllText(basePath, split.BaseText, overwrite: true);
            }

            foreach (var profile in split.Profiles.Where(p => originals.ContainsKey(p.Path)))
            {
                AtomicFile.WriteAllText(profile.Path, profile.Text, overwrite: true);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Restore(originals);
            return (Usage(stderr, $"cannot write the split profiles: {error.Message}; the originals are restored"), null);
        }

        var problems = split.CheckWritten((path, parameters) => ProfileLoader.LoadFiles([path], parameters));
        if (problems.Count > 0)
        {
            Restore(originals);
            foreach (var problem in problems)
            {
                stderr.WriteLine("sandboxer wrapper: " + problem);
            }

            stderr.WriteLine("sandboxer wrapper: the written profiles do not decide as the originals did; the originals are restored");
            return (ExitCodes.Findings, null);
        }

        var kept = string.Join(", ", split.Profiles.Select(p => $"{Path.GetFileName(p.Path)} keeps {Plural(p.KeptRules, "rule")}"));
        stdout.WriteLine($"moved {Plural(split.MovedRules, "rule")} every mode shares to {basePath}; {kept}");
        stdout.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"checked: every rewritten profile decides every access as before, under {split.Assignments} placements of HOME, WORKING_DIR and TMPDIR; originals saved as *{BackupSuffix}"));
        WriteKept(stdout, split);
        return (ExitCodes.Success, basePath);
    }

    private static void WriteKept(TextWriter stdout, CommonBaseSplit split)
    {
        if (split.Kept.Count == 0)
        {
            return;
        }

        stdout.WriteLine($"{Plural(split.Kept.Count, "shared rule")} stay in the mode profiles because moving them could change a decision:");
        foreach (var kept in split.Kept.Take(8))
        {
            stdout.WriteLine($"  {kept.Rule}: {kept.Reason}");
        }

        if (split.Kept.Count > 8)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … and {split.Kept.Count - 8} more"));
        }
    }

    private static void Restore(Dictionary<string, string?> originals)
    {
        foreach (var (path, text) in originals)
        {
            try
            {
                if (text is null)
                {
                    File.Delete(path);
                }
                else
                {
                    AtomicFile.WriteAllText(path, text, overwrite: true);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // The .orig backup is still there; nothing more can be done here.
            }
        }
    }

    private static int WriteScript(Request request, List<ModeFile> modes, string? sharedBase, string scriptPath, TextWriter stdout, TextWriter stderr)
    {
        var platform = request.Platform switch
        {
            "macos" => TargetPlatform.MacOS,
            "linux" => TargetPlatform.Linux,
            _ => OperatingSystem.IsMacOS() ? TargetPlatform.MacOS : TargetPlatform.Linux,
        };
        var scriptDirectory = Path.GetDirectoryName(scriptPath) ?? "/";
        try
        {
            Directory.CreateDirectory(scriptDirectory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return Usage(stderr, $"cannot create {scriptDirectory}: {error.Message}");
        }

        // The script finds its directory with `cd -P`, so profiles are located relative to the physical path.
        var physicalDirectory = Physical(scriptDirectory);
        var wrapperModes = new List<WrapperMode>();
        foreach (var mode in modes)
        {
            var imports = ProfileImports.Read(SbplSyntaxTree.Parse(SourceText.FromFile(mode.Path)));
            if (platform == TargetPlatform.MacOS && imports.Conflicting)
            {
                return Usage(stderr, $"{mode.Path} imports {string.Join(", ", imports.Local)} and {string.Join(", ", imports.System)} by relative names; "
                    + "sandbox-exec looks relative imports up only in IMPORT_DIR once it is set, so write the system import with its full path "
                    + $"(/System/Library/Sandbox/Profiles/{imports.System[0]})");
            }

            wrapperModes.Add(new WrapperMode(mode.Name, Path.GetRelativePath(physicalDirectory, Physical(mode.Path)), imports.NeedsImportDirectory));
        }

        var match = request.Match is { } position ? (ModeMatch)new PositionMatch(position) : new FirstOperandMatch([.. request.ValueOptions]);
        var relativeBase = sharedBase is null ? null : Path.GetRelativePath(physicalDirectory, Physical(sharedBase));
        var regenerate = new List<string> { "sandboxer", "wrapper" };
        foreach (var mode in wrapperModes)
        {
            regenerate.AddRange(["--profile", mode.Name + "=" + mode.ProfilePath]);
        }

        regenerate.AddRange(request.Default is { } fallback ? ["--default", fallback] : ["--refuse"]);
        if (relativeBase is not null)
        {
            regenerate.AddRange(["--common", relativeBase]);
        }

        if (request.Match is { } n)
        {
            regenerate.AddRange(["--match", n.ToString(CultureInfo.InvariantCulture)]);
        }

        regenerate.AddRange(request.ValueOptions.Select(o => "--value-option=" + o));
        regenerate.AddRange(["--platform", platform == TargetPlatform.MacOS ? "macos" : "linux", "-o", Path.GetFileName(scriptPath), "--force", "--"]);
        regenerate.AddRange(request.Command);
        var spec = new WrapperSpec([.. request.Command], [.. wrapperModes], request.Default, match, platform, relativeBase, ToolVersion, [.. regenerate]);
        var script = WrapperScript.Generate(spec);
        try
        {
            AtomicFile.WriteAllText(scriptPath, script, overwrite: request.Force, OperatingSystem.IsWindows() ? null : ExecutableMode);
        }
        catch (FileExistsException error)
        {
            return Usage(stderr, error.Message);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return Usage(stderr, $"cannot write {scriptPath}: {error.Message}");
        }

        var unknown = request.Default is { } d ? $"unknown modes run as {d}" : $"unknown modes are refused (exit {WrapperExitCodes.UnknownMode.ToString(CultureInfo.InvariantCulture)})";
        stdout.WriteLine($"wrote {scriptPath} ({(platform == TargetPlatform.MacOS ? "macOS, sandbox-exec" : "Linux, sandboxer run")}): "
            + string.Join(", ", wrapperModes.Select(m => $"{m.Name} → {m.ProfilePath}")) + "; " + unknown);
        return ExitCodes.Success;
    }

    private const UnixFileMode ExecutableMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static string Physical(string path) => RealPathResolver.Instance.RealPath(path) ?? path;

    private static string ToolVersion => SynthesizeCommand.ToolVersion;

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
