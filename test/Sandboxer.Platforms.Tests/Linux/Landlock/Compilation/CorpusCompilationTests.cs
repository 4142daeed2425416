using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Tests.Support;

namespace Sandboxer.Platforms.Tests.Linux.Landlock.Compilation;

/// <summary>Every real profile of the corpus compiles on this machine, and every rule of its plan is one the engine allows.</summary>
public sealed class CorpusCompilationTests
{
    public static TheoryData<string> Files => Corpus.FileData;

    [Theory]
    [MemberData(nameof(Files))]
    public void A_corpus_profile_compiles_to_a_plan_the_engine_agrees_with(string file)
    {
        var loaded = CorpusProfiles.Load(file);
        Assert.False(loaded.HasErrors, string.Join('\n', loaded.Diagnostics));

        var plan = LandlockPlanCompiler.Compile(loaded.Profile, budget: 1_000);

        var engine = PolicyEngine.Compile(loaded.Profile);
        foreach (var rule in plan.PathRules)
        {
            if ((rule.Access & LandlockFsAccess.ReadFile) != 0 && !rule.IsDirectory)
            {
                Assert.False(engine.Decide(new AccessRequest("file-read-data") { Path = rule.Path }).MayBeDenied, $"{file}: READ_FILE on {rule.Path}");
            }

            if ((rule.Access & LandlockFsAccess.ReadDir) != 0)
            {
                Assert.False(engine.Decide(new AccessRequest("file-read-data") { Path = rule.Path }).MayBeDenied, $"{file}: READ_DIR on {rule.Path}");
            }

            if ((rule.Access & LandlockFsAccess.Execute) != 0)
            {
                Assert.False(engine.Decide(new AccessRequest("process-exec") { Path = rule.Path + (rule.IsDirectory ? "/x" : string.Empty) }).MayBeDenied, $"{file}: EXECUTE on {rule.Path}");
            }
        }
    }
}
