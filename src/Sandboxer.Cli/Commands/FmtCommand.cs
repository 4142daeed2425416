using System.CommandLine;
using System.Text;
using Sandboxer.Cli.IO;
using Sandboxer.Cli.Rendering;
using Sandboxer.Sbpl.Formatting;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer fmt PROFILE [--write | --check]</c>: prints the profile in the canonical style (comments kept;
/// docs/sbpl-subset.md). <c>--write</c> rewrites the file atomically when it changes; <c>--check</c> exits 1 and
/// names the file when it is not formatted. A syntax error prints diagnostics and exits 2.
/// </summary>
internal static class FmtCommand
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Command Create()
    {
        var profile = new Argument<string>("PROFILE") { Description = "The SBPL profile to format." };
        var write = new Option<bool>("--write", "-w") { Description = "Rewrite the file in place (atomically) when formatting changes it." };
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 and name the file when it is not formatted." };
        var command = new Command("fmt", "Print a profile in the canonical SBPL style (comments kept).")
        {
            profile,
            write,
            check,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(write) && result.GetValue(check))
            {
                result.AddError("--write and --check cannot be used together");
            }
        });
        command.SetAction(parseResult => Run(
            parseResult.GetRequiredValue(profile),
            parseResult.GetValue(write),
            parseResult.GetValue(check),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string file, bool write, bool check, TextWriter stdout, TextWriter stderr)
    {
        var path = Path.GetFullPath(file);
        string text;
        try
        {
            text = File.ReadAllText(path, StrictUtf8);
        }
        catch (FileNotFoundException)
        {
            stderr.WriteLine($"sandboxer fmt: {path}: no such file");
            return ExitCodes.Usage;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            stderr.WriteLine($"sandboxer fmt: cannot read {path}: {error.Message}");
            return ExitCodes.Usage;
        }

        var source = new SourceText(text, path);
        var tree = SbplSyntaxTree.Parse(source);
        if (tree.HasErrors)
        {
            DiagnosticPrinter.PrintAll(stderr, tree.Diagnostics, p => p == path ? source : null);
            return ExitCodes.Usage;
        }

        var formatted = SbplFormatter.Format(tree);
        if (check)
        {
            if (formatted == text)
            {
                return ExitCodes.Success;
            }

            stdout.WriteLine($"{path}: not formatted");
            return ExitCodes.Findings;
        }

        if (write)
        {
            if (formatted != text)
            {
                AtomicFile.WriteAllText(path, formatted, overwrite: true);
                stderr.WriteLine($"formatted {path}");
            }

            return ExitCodes.Success;
        }

        stdout.Write(formatted);
        return ExitCodes.Success;
    }
}
