using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Tests.Sbpl.Evaluation;

public sealed class ImportTests : IDisposable
{
    private static readonly LoadOptions NoSystemProfiles = new() { SystemProfileDirectories = [] };

    private readonly string _directory = Directory.CreateTempSubdirectory("sandboxer-import-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static LoadResult LoadFile(string path, Dictionary<string, string>? parameters = null, LoadOptions? options = null) =>
        ProfileLoader.LoadFiles([path], parameters ?? [], options ?? NoSystemProfiles);

    [Fact]
    public void Imports_relative_to_the_importing_file_and_keeps_its_definitions()
    {
        Write("lib/helpers.sb", "(define (home-literal rel) (literal (string-append \"/Users/a\" rel)))\n(allow file-read-metadata)\n");
        var main = Write("main.sb", "(version 1)\n(import \"lib/helpers.sb\")\n(allow file-read* (home-literal \"/.zshrc\"))\n");
        var result = LoadFile(main);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(2, result.Profile.Rules.Count);
        Assert.Equal(Path.Combine(_directory, "lib/helpers.sb") + ":2:1", result.Profile.Rules[0].Location!.ToString());
        Assert.Equal(new PathFilter(PathMatch.Literal, "/Users/a/.zshrc"), result.Profile.Rules[1].Filter);
        Assert.Equal(2, result.Sources.Count);
    }

    [Fact]
    public void Searches_import_dir_then_the_sbpl_path()
    {
        Write("dir1/one.sb", "(allow file-read* (literal \"/one\"))\n");
        Write("dir2/two.sb", "(allow file-read* (literal \"/two\"))\n");
        var main = Write("main.sb", "(version 1)\n(import \"one.sb\")\n(import \"two.sb\")\n");
        var options = NoSystemProfiles with { SearchPaths = [Path.Combine(_directory, "dir2")] };
        var result = LoadFile(main, new() { ["IMPORT_DIR"] = Path.Combine(_directory, "dir1") }, options);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(2, result.Profile.Rules.Count);
    }

    [Fact]
    public void Imports_absolute_paths()
    {
        var lib = Write("elsewhere/lib.sb", "(deny default)\n");
        var main = Write("main.sb", $"(version 1)\n(import \"{lib}\")\n");
        Assert.Single(LoadFile(main).Profile.Rules);
    }

    [Fact]
    public void A_missing_user_import_is_an_error_at_the_import()
    {
        var main = Write("main.sb", "(version 1)\n(import \"mine.sb\")\n");
        var error = Assert.Single(LoadFile(main).Diagnostics);
        Assert.Equal(EvaluationDiagnosticCodes.ImportNotFound, error.Code);
        Assert.Equal(main + ":2:9", error.Location!.ToString());
        Assert.StartsWith("unable to open import \"mine.sb\" (looked for " + Path.Combine(_directory, "mine.sb"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_apple_system_profile_is_a_warning_and_an_unresolved_import()
    {
        var main = Write("main.sb", "(version 1)\n(deny default)\n(import \"system.sb\")\n(allow file-read*)\n");
        var result = LoadFile(main);
        Assert.False(result.HasErrors);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(EvaluationDiagnosticCodes.UnresolvedSystemImport, warning.Code);
        var unresolved = Assert.Single(result.Profile.UnresolvedImports);
        Assert.Equal("system.sb", unresolved.Name);
        Assert.Equal(1, unresolved.RuleIndex);
        Assert.Equal(main + ":3:1", unresolved.Location!.ToString());
        Assert.Equal(2, result.Profile.Rules.Count);
    }

    [Fact]
    public void A_name_undefined_after_an_unresolved_import_makes_that_form_unknown()
    {
        var main = Write("main.sb", "(version 1)\n(import \"bsd.sb\")\n(deny default)\n(system-network)\n(allow file-read*)\n");
        var result = LoadFile(main);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Contains(result.Diagnostics, d => d.Code == EvaluationDiagnosticCodes.UndefinedAfterUnresolvedImport
            && d.Message.StartsWith("`system-network` is not defined; it probably comes from the unresolved import bsd.sb", StringComparison.Ordinal));
        Assert.Equal([0, 1], result.Profile.UnresolvedImports.Select(u => u.RuleIndex));
        Assert.Equal(2, result.Profile.Rules.Count);
    }

    [Fact]
    public void A_system_profile_that_exists_is_loaded()
    {
        var system = Path.Combine(_directory, "System");
        Write("System/system.sb", "(define (system-network) (allow network-outbound (remote ip)))\n");
        var main = Write("main.sb", "(version 1)\n(import \"system.sb\")\n(system-network)\n");
        var result = LoadFile(main, options: new LoadOptions { SystemProfileDirectories = [system] });
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Profile.UnresolvedImports);
        Assert.Single(result.Profile.Rules);
    }

    [Fact]
    public void Import_cycles_are_errors()
    {
        Write("a.sb", "(import \"b.sb\")\n");
        Write("b.sb", "(import \"a.sb\")\n");
        var main = Path.Combine(_directory, "a.sb");
        var error = Assert.Single(LoadFile(main).Diagnostics);
        Assert.Equal(EvaluationDiagnosticCodes.ImportCycle, error.Code);
        Assert.Equal("import cycle: a.sb → b.sb → a.sb", error.Message);
    }

    [Fact]
    public void Syntax_errors_in_an_imported_file_are_reported_in_that_file()
    {
        var lib = Write("lib.sb", "(allow file-read*\n");
        var main = Write("main.sb", "(version 1)\n(import \"lib.sb\")\n");
        var result = LoadFile(main);
        Assert.Contains(result.Diagnostics, d => d.Location?.Path == lib && d.Code == "SBPL1002");
        Assert.NotNull(result.FindSource(lib));
    }

    [Theory]
    [InlineData("system.sb", true)]
    [InlineData("bsd.sb", true)]
    [InlineData("application.sb", true)]
    [InlineData("com.apple.mdworker.sb", true)]
    [InlineData("mine.sb", false)]
    [InlineData("/System/Library/Sandbox/Profiles/system.sb", false)]
    [InlineData("lib/system.sb", false)]
    public void Recognises_apple_system_profiles_by_name(string name, bool expected) =>
        Assert.Equal(expected, ImportResolver.IsAppleSystemProfile(name));

    [Fact]
    public void Sources_without_a_directory_still_search_the_sbpl_path()
    {
        Write("dir/lib.sb", "(deny default)\n");
        var result = ProfileLoader.Load(
            [new SourceText("(version 1)\n(import \"lib.sb\")\n", "<stdin>")],
            new Dictionary<string, string>(),
            NoSystemProfiles with { SearchPaths = [Path.Combine(_directory, "dir")] });
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Single(result.Profile.Rules);
    }
}
