using System.Text.Json;

namespace Sandboxer.Cli.Tests.EndToEnd;

/// <summary>What every generated profile must look like: minimal, parameterized, explained, and proven.</summary>
internal static class ProfileShape
{
    public static void AssertSound(string profile, JsonElement report)
    {
        Assert.Contains("(deny default)", profile, StringComparison.Ordinal);
        Assert.Contains("(param \"WORKING_DIR\")", profile, StringComparison.Ordinal);
        Assert.Contains(";; sandboxer: {", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("(allow default", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("(subpath \"/\")", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("(subpath (param \"HOME\"))", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("(allow file-read*)", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("(allow file-write*)", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("(allow file-read* ", profile, StringComparison.Ordinal);
        var lines = profile.Split('\n');
        var rules = lines.Count(l => l.StartsWith("(allow ", StringComparison.Ordinal));
        var comments = lines.Count(l => l.TrimStart().StartsWith(";;", StringComparison.Ordinal));
        Assert.True(comments >= rules, $"every rule group is explained ({comments} comments, {rules} rules)");

        Assert.True(report.GetProperty("verified").GetBoolean(), report.GetProperty("status").GetString());
        Assert.Equal(0, report.GetProperty("proof").GetProperty("misses").GetInt32());
        var probes = report.GetProperty("probes").EnumerateArray().ToList();
        Assert.NotEmpty(probes);
        Assert.All(probes, p => Assert.Equal("blocked", p.GetProperty("outcome").GetString()));
        Assert.Equal(0, report.GetProperty("sensitive").GetArrayLength());

        // Where the time went: parts of the whole, each measured inside it.
        var phases = report.GetProperty("phases");
        double Seconds(string name) => phases.GetProperty(name).GetDouble();
        Assert.InRange(Seconds("targetSeconds"), 0, Seconds("runsSeconds") + 0.002);
        Assert.True(Seconds("synthesisSeconds") > 0);
        Assert.True(Seconds("probesSeconds") > 0);
        Assert.InRange(Seconds("runsSeconds") + Seconds("synthesisSeconds") + Seconds("probesSeconds"), 0, report.GetProperty("elapsedSeconds").GetDouble() + 0.01);
    }
}
