namespace Sandboxer.Cli.Demo;

/// <summary>
/// The built-in demo target: a tiny "bundler" written in POSIX sh, so it runs on any Linux or macOS machine. It lists
/// and reads the sources in <c>src/</c>, builds the bundle in a temporary file under <c>$TMPDIR</c>, and moves it into
/// <c>dist/</c>, which it creates — the shape of a real build tool, small enough to read in the generated profile.
/// </summary>
internal sealed class DemoWorkspace : IDisposable
{
    public const string ScriptName = "bundle.sh";

    private const string Script = """
        #!/bin/sh
        # A tiny bundler: concatenates src/*.txt into dist/bundle.txt.
        set -eu
        mkdir -p dist
        tmp=$(mktemp "${TMPDIR:-/tmp}/bundle.XXXXXX")
        count=0
        for f in src/*.txt; do
            printf '/* %s */\n' "$f" >>"$tmp"
            cat "$f" >>"$tmp"
            count=$((count + 1))
        done
        mv "$tmp" dist/bundle.txt
        echo "bundled $count files into dist/bundle.txt ($(wc -c <dist/bundle.txt | tr -d ' ') bytes)"
        """;

    private static readonly (string Name, string Text)[] Sources =
    [
        ("src/app.txt", "main();\n"),
        ("src/lib.txt", "function main() { print('hello'); }\n"),
        ("src/util.txt", "function print(s) { return s; }\n"),
    ];

    private DemoWorkspace(string root)
    {
        Root = root;
    }

    /// <summary>The project directory: the demo's WORKING_DIR.</summary>
    public string Root { get; }

    public string ScriptPath => Path.Combine(Root, ScriptName);

    /// <summary>The command the demo profiles: <c>/bin/sh bundle.sh</c>.</summary>
    public static IReadOnlyList<string> Command => ["/bin/sh", ScriptName];

    public static DemoWorkspace Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "sandboxer-demo-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(root, "src"));
        File.WriteAllText(Path.Combine(root, ScriptName), Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        foreach (var (name, text) in Sources)
        {
            File.WriteAllText(Path.Combine(root, name), text);
        }

        return new DemoWorkspace(Path.GetFullPath(root));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the demo lives in the temporary directory.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
