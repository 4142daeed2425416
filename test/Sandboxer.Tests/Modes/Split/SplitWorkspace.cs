using Sandboxer.Analysis.Diff;
using Sandboxer.Modes.Split;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Tests.Modes.Split;

/// <summary>Mode profiles in a temporary directory: split them, write the result, load and compare the files.</summary>
internal sealed class SplitWorkspace : IDisposable
{
    public static readonly IReadOnlyDictionary<string, string> Parameters = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["HOME"] = "/Users/alice",
        ["WORKING_DIR"] = "/Users/alice/project",
        ["TMPDIR"] = "/private/var/folders/xy/abc/T",
    };

    private readonly Dictionary<string, string> _originals = new(StringComparer.Ordinal);

    public SplitWorkspace()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("sandboxer-split-").FullName;
    }

    public string Directory { get; }

    public string BasePath => PathOf("base.sb");

    public string PathOf(string name) => Path.Combine(Directory, name);

    public string Write(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text);
        _originals[path] = text;
        return path;
    }

    public string Read(string name) => File.ReadAllText(PathOf(name));

    /// <summary>Splits the named profiles (mode = file name without .sb) as they are on disk now.</summary>
    public CommonBaseSplit Split(params string[] names) =>
        CommonBaseSplitter.Split(
            [.. names.Select(n => new ModeProfile(Path.GetFileNameWithoutExtension(n), SourceText.FromFile(PathOf(n))))],
            BasePath,
            File.Exists(BasePath) ? SourceText.FromFile(BasePath) : null,
            "0.0.0-test");

    /// <summary>Writes the split's files and checks them against the originals with the engine.</summary>
    public static void Apply(CommonBaseSplit split)
    {
        File.WriteAllText(split.BasePath, split.BaseText);
        foreach (var profile in split.Profiles)
        {
            File.WriteAllText(profile.Path, profile.Text);
        }

        Assert.Empty(split.CheckWritten((path, parameters) => ProfileLoader.LoadFiles([path], parameters)));
    }

    public static Profile LoadText(string text, string path, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var loaded = ProfileLoader.Load([new SourceText(text, path)], parameters ?? Parameters);
        Assert.False(loaded.HasErrors, string.Join('\n', loaded.Diagnostics));
        return loaded.Profile;
    }

    public Profile Load(string name, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var loaded = ProfileLoader.LoadFiles([PathOf(name)], parameters ?? Parameters);
        Assert.False(loaded.HasErrors, string.Join('\n', loaded.Diagnostics));
        return loaded.Profile;
    }

    /// <summary>The profile as first written, evaluated (imports of the original resolved as they are on disk now).</summary>
    public Profile Original(string name, IReadOnlyDictionary<string, string>? parameters = null) =>
        LoadText(_originals[PathOf(name)], PathOf(name), parameters);

    public static DiffResult Compare(Profile a, Profile b) => ProfileDiff.Compare(a, b);

    public static RuleAction Decide(Profile profile, string operation, string path) =>
        PolicyEngine.Compile(profile).Decide(new AccessRequest(operation) { Path = path }).Action;

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
