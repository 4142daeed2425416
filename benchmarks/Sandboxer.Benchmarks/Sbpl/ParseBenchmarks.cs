using BenchmarkDotNet.Attributes;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Formatting;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Benchmarks.Sbpl;

/// <summary>Reading, evaluating and formatting Chromium's common.sb + renderer.sb (the largest real profile pair).</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["BROWSER_PID"] = "4242",
        ["BUNDLE_ID"] = "org.chromium.Chromium",
        ["BUNDLE_PATH"] = "/Applications/Chromium.app/Contents/Frameworks/Chromium Framework.framework",
        ["CURRENT_PID"] = "4343",
        ["DISABLE_SANDBOX_DENIAL_LOGGING"] = "FALSE",
        ["ENABLE_LOGGING"] = "FALSE",
        ["EXECUTABLE_PATH"] = "/Applications/Chromium.app/Contents/MacOS/Chromium Helper",
        ["USER_HOMEDIR_AS_LITERAL"] = "/Users/alice",
        ["LOG_FILE_PATH"] = "/Users/alice/Library/Logs/chromium.log",
        ["OS_VERSION"] = "1400",
        ["DARWIN_USER_CACHE_DIR"] = "/private/var/folders/zz/abc123/C",
        ["DARWIN_USER_DIR"] = "/private/var/folders/zz/abc123/0",
        ["DARWIN_USER_TEMP_DIR"] = "/private/var/folders/zz/abc123/T",
        ["FILTER_SYSCALLS"] = "TRUE",
        ["FILTER_SYSCALLS_DEBUG"] = "TRUE",
    };

    private SourceText _common = null!;
    private SourceText _renderer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var directory = FindCorpus();
        _common = SourceText.FromFile(Path.Combine(directory, "chromium", "common.sb"));
        _renderer = SourceText.FromFile(Path.Combine(directory, "chromium", "renderer.sb"));
    }

    [Benchmark]
    public int Read() => SbplSyntaxTree.Parse(_common).Root.Forms.Length + SbplSyntaxTree.Parse(_renderer).Root.Forms.Length;

    [Benchmark]
    public int ReadAndEvaluate()
    {
        var result = ProfileLoader.Load([_common, _renderer], Parameters);
        return result.HasErrors ? -1 : result.Profile.Rules.Count;
    }

    [Benchmark]
    public int Format() => SbplFormatter.Format(SbplSyntaxTree.Parse(_common)).Length;

    private static string FindCorpus()
    {
        var configured = Environment.GetEnvironmentVariable("SANDBOXER_SHARED");
        for (var directory = new DirectoryInfo(configured ?? AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (var candidate in new[] { directory.FullName, Path.Combine(directory.FullName, "shared") })
            {
                var corpus = Path.Combine(candidate, "corpus", "profiles");
                if (Directory.Exists(Path.Combine(corpus, "chromium")))
                {
                    return corpus;
                }
            }
        }

        throw new InvalidOperationException("cannot find shared/corpus/profiles; set SANDBOXER_SHARED");
    }
}
