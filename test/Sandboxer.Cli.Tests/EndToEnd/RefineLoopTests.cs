namespace Sandboxer.Cli.Tests.EndToEnd;

/// <summary>How the refine loop treats what enforcement denies, on real programs with the real tracer and Landlock.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class RefineLoopTests
{
    [Fact]
    public async Task An_access_that_also_failed_unconfined_stays_denied_and_costs_no_extra_run()
    {
        // Opening a FIFO for writing with no reader fails with ENXIO unconfined; under the profile Landlock refuses the
        // open first (EACCES). The program copes either way, so the profile need not allow it.
        using var project = new Project("enxio");
        project.Exec("mkfifo", "pipe");
        project.Write("probe.py", """
            import os
            try:
                os.open('pipe', os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                pass
            print(open('data.txt').read().strip())
            """);
        project.Write("data.txt", "payload\n");

        var (code, output, error) = await project.ProfileAsync(["python3", "probe.py"], "--expect-output");

        Assert.True(code == 0, output + error);
        var report = project.Report();
        Assert.Equal(3, report.GetProperty("runs").GetProperty("total").GetInt32());
        Assert.DoesNotContain("/pipe\"", project.Profile(), StringComparison.Ordinal);
        Assert.Contains(report.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("file-write-data ", StringComparison.Ordinal)
            && n.GetString()!.Contains("/pipe is denied by the profile; it failed when observed unconfined too", StringComparison.Ordinal));
    }
}
