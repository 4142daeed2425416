using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Tests.Support;

/// <summary>
/// How each corpus profile is evaluated in real life: the prelude its owner puts in front of it (Chromium
/// fragments after <c>common.sb</c>, agent-safehouse modules after <c>00-base.sb</c> with its placeholders
/// replaced as the generator does, codex fragments after <c>seatbelt_base_policy.sb</c>, nix fragments after a
/// <c>(version 1) (deny default)</c> header) and the <c>-D</c> parameters it passes. Parameter values are
/// representative, not taken from any machine.
/// </summary>
internal static class CorpusProfiles
{
    private const string Home = "/Users/alice";

    private static readonly Dictionary<string, string> NoParameters = [];

    private static readonly Dictionary<string, string> Chromium = new()
    {
        ["BROWSER_PID"] = "4242",
        ["BUNDLE_ID"] = "org.chromium.Chromium",
        ["HELPER_BUNDLE_ID"] = "org.chromium.Chromium.helper",
        ["BUNDLE_PATH"] = "/Applications/Chromium.app/Contents/Frameworks/Chromium Framework.framework",
        ["CURRENT_PID"] = "4343",
        ["DISABLE_SANDBOX_DENIAL_LOGGING"] = "FALSE",
        ["ENABLE_LOGGING"] = "FALSE",
        ["EXECUTABLE_PATH"] = "/Applications/Chromium.app/Contents/Frameworks/Chromium Helper.app/Contents/MacOS/Chromium Helper",
        ["USER_HOMEDIR_AS_LITERAL"] = Home,
        ["LOG_FILE_PATH"] = Home + "/Library/Logs/chromium.log",
        ["OS_VERSION"] = "1400",
        ["DARWIN_USER_CACHE_DIR"] = "/private/var/folders/zz/abc123/C",
        ["DARWIN_USER_DIR"] = "/private/var/folders/zz/abc123/0",
        ["DARWIN_USER_TEMP_DIR"] = "/private/var/folders/zz/abc123/T",
        ["FILTER_SYSCALLS"] = "TRUE",
        ["FILTER_SYSCALLS_DEBUG"] = "TRUE",
        ["NETWORK_SERVICE_STORAGE_PATHS_COUNT"] = "2",
        ["NETWORK_SERVICE_STORAGE_PATH_0"] = Home + "/Library/Application Support/Chromium/Default",
        ["NETWORK_SERVICE_STORAGE_PATH_1"] = Home + "/Library/Caches/Chromium/Default",
        ["DISABLE_METAL_SHADER_CACHE"] = "FALSE",
    };

    private static readonly Dictionary<string, string> Gemini = new()
    {
        ["TARGET_DIR"] = Home + "/src/project",
        ["TMP_DIR"] = "/private/var/folders/zz/abc123/T",
        ["CACHE_DIR"] = "/private/var/folders/zz/abc123/C",
        ["HOME_DIR"] = Home,
        ["INCLUDE_DIR_0"] = Home + "/src/shared",
        ["INCLUDE_DIR_1"] = Home + "/src/project",
        ["INCLUDE_DIR_2"] = Home + "/src/project",
        ["INCLUDE_DIR_3"] = Home + "/src/project",
        ["INCLUDE_DIR_4"] = Home + "/src/project",
    };

    private static readonly Dictionary<string, string> Firefox = new()
    {
        ["SHOULD_LOG"] = "FALSE",
        ["APP_PATH"] = "/Applications/Firefox.app",
        ["APP_BINARY_PATH"] = "/Applications/Firefox.app/Contents/MacOS/plugin-container.app",
        ["CRASH_PORT"] = "org.mozilla.crashreporter.4242",
        ["IS_ROSETTA_TRANSLATED"] = "FALSE",
    };

    private static readonly Dictionary<string, string> Nix = new()
    {
        ["_GLOBAL_TMP_DIR"] = "/private/tmp/nix-build-hello-1",
        ["_NIX_BUILD_TOP"] = "/private/tmp/nix-build-hello-1/build",
        ["_ALLOW_LOCAL_NETWORKING"] = "1",
    };

    /// <summary>The sources (preludes first, the file last) and parameters to evaluate <paramref name="file"/> with.
    /// <paramref name="text"/> replaces the file's own text (e.g. its formatted version).</summary>
    public static (List<SourceText> Sources, IReadOnlyDictionary<string, string> Parameters) Setup(string file, string? text = null)
    {
        var own = new SourceText(text ?? Corpus.Read(file), Corpus.FullPath(file));
        var directory = file.Split('/')[0];
        switch (directory)
        {
            case "chromium" when file != "chromium/common.sb":
                var preludes = new List<SourceText> { Source("chromium/common.sb") };
                if (file == "chromium/gpu.sb")
                {
                    preludes.Add(TestPrelude("chromium-gpu-helpers.sb"));
                }

                return ([.. preludes, own], Chromium);
            case "chromium":
                return ([own], Chromium);
            case "agent-safehouse" when file != "agent-safehouse/00-base.sb":
                return ([SafehouseBase(), own], NoParameters);
            case "agent-safehouse":
                return ([SafehouseBase(text)], NoParameters);
            case "codex" when file != "codex/seatbelt_base_policy.sb":
                return ([Source("codex/seatbelt_base_policy.sb"), own], new Dictionary<string, string> { ["DARWIN_USER_CACHE_DIR"] = "/private/var/folders/zz/abc123/C" });
            case "nix":
                return ([new SourceText("(version 1)\n(deny default)\n", "/nix-header.sb"), own], Nix);
            case "gemini-cli" when file == "gemini-cli/core-network-profile.sb":
                return ([Source("gemini-cli/core-base-profile.sb"), own], Gemini);
            case "gemini-cli":
                return ([own], Gemini);
            case "firefox" when file != "firefox/SandboxPolicyUtility.sb":
                return ([Source("firefox/SandboxPolicyUtility.sb"), own], Firefox);
            case "firefox":
                return ([own], Firefox);
            case "youtube-unthrottle":
                return ([own], new Dictionary<string, string> { ["TMPDIR"] = "/private/var/folders/zz/abc123/T" });
            default:
                return ([own], NoParameters);
        }
    }

    public static LoadResult Load(string file, string? text = null)
    {
        var (sources, parameters) = Setup(file, text);
        return ProfileLoader.Load(sources, parameters);
    }

    private static SourceText Source(string file) => new(Corpus.Read(file), Corpus.FullPath(file));

    private static SourceText TestPrelude(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Sbpl", "Evaluation", "CorpusPreludes", name);
        return new SourceText(File.ReadAllText(path), path);
    }

    /// <summary>00-base.sb as agent-safehouse's generator renders it: the HOME placeholder string becomes the home
    /// directory and the WORK_DIR marker line becomes a definition.</summary>
    private static SourceText SafehouseBase(string? text = null)
    {
        var rendered = (text ?? Corpus.Read("agent-safehouse/00-base.sb"))
            .Replace("__SAFEHOUSE_REPLACE_ME_WITH_ABSOLUTE_HOME_DIR__", Home, StringComparison.Ordinal)
            .Replace("__SAFEHOUSE_REPLACE_ME_WITH_WORK_DIR_DEFINE__", "(define WORK_DIR \"" + Home + "/src/project\")", StringComparison.Ordinal);
        return new SourceText(rendered, Corpus.FullPath("agent-safehouse/00-base.sb"));
    }
}
