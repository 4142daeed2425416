using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Tests.Support;

namespace Sandboxer.Tests.Sbpl.Evaluation;

/// <summary>Every real profile evaluates without errors, with the prelude and parameters its owner uses.</summary>
public sealed class CorpusEvaluationTests
{
    /// <summary>Profiles that import Apple's system.sb, which is not on this machine.</summary>
    private static readonly HashSet<string> ImportsSystemProfile =
    [
        "gemini-cli/core-base-profile.sb",
        "gemini-cli/core-network-profile.sb",
        "swiftpm/manifest-pre53-network-rendered.sb",
        "swiftpm/plugin-writable-tmp-rendered.sb",
    ];

    public static TheoryData<string> Files => Corpus.FileData;

    [Fact]
    public void Corpus_warnings_are_only_the_expected_kinds()
    {
        string[] expected =
        [
            EvaluationDiagnosticCodes.UnresolvedSystemImport,
            EvaluationDiagnosticCodes.UndefinedAfterUnresolvedImport,
            EvaluationDiagnosticCodes.UnknownOperation,
            EvaluationDiagnosticCodes.UndocumentedNetworkHost,
        ];
        var warnings = Corpus.Files.SelectMany(f => CorpusProfiles.Load(f).Diagnostics).Distinct().ToList();
        Assert.All(warnings, w => Assert.Contains(w.Code, expected));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_profile_evaluates_without_errors(string file)
    {
        var result = CorpusProfiles.Load(file);
        Assert.False(result.HasErrors, string.Join(Environment.NewLine, result.Diagnostics));
        var own = Corpus.FullPath(file);
        Assert.All(result.Profile.Rules, rule => Assert.NotNull(rule.Location));
        Assert.Equal(Enumerable.Range(0, result.Profile.Rules.Count), result.Profile.Rules.Select(r => r.Index));
        if (ImportsSystemProfile.Contains(file))
        {
            Assert.Contains(result.Profile.UnresolvedImports, i => i.Name == "system.sb");
            Assert.Contains(result.Diagnostics, d => d.Code == EvaluationDiagnosticCodes.UnresolvedSystemImport);
        }
        else
        {
            Assert.Empty(result.Profile.UnresolvedImports);
        }

        var forms = SbplSyntaxTree.Parse(Corpus.Read(file)).Root.Forms;
        if (forms.Any(f => f is ListSyntax { HeadSymbol: "allow" or "deny" }))
        {
            Assert.Contains(result.Profile.Rules, rule => rule.Location!.Path == own || file == "agent-safehouse/00-base.sb");
        }
    }
}
