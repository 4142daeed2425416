using Sandboxer.Platforms.MacOS.Collector;

namespace Sandboxer.Platforms.Tests.MacOS.Collector;

/// <summary>The run's process tree, learned from successive <c>ps</c> listings (the shape <c>ps -o pid= -o ppid= -o stat= -o lstart=</c> prints).</summary>
public sealed class ProcessTreeTests
{
    private const string Start1 = "Fri Nov 27 05:30:09 2026";
    private const string Start2 = "Fri Nov 27 05:31:12 2026";

    private static string Line(int pid, int parent, string stat, string started) =>
        FormattableString.Invariant($"{pid,5} {parent,5} {stat,-4} {started}");

    [Fact]
    public void Parses_live_processes_and_skips_zombies_and_lines_that_are_not_processes()
    {
        var listing = string.Join('\n', Line(1, 0, "Ss", Start1), Line(500, 1, "S+", Start1), Line(501, 500, "Z+", Start2), " garbage", "", "12 x S " + Start1, "7 3") + "\n";
        var entries = ProcessListing.Parse(listing);
        Assert.Equal([new ProcessEntry(1, 0, Start1), new ProcessEntry(500, 1, Start1)], entries);
    }

    [Fact]
    public void Learns_descendants_and_keeps_them_after_they_are_orphaned()
    {
        var tree = new ProcessTree(600);
        tree.Observe(ProcessListing.Parse(string.Join('\n', Line(1, 0, "Ss", Start1), Line(600, 500, "S", Start1), Line(601, 600, "S", Start1), Line(700, 1, "S", Start1))));
        tree.Observe(ProcessListing.Parse(string.Join('\n', Line(1, 0, "Ss", Start1), Line(601, 1, "S", Start1), Line(602, 601, "S", Start2), Line(603, 602, "S", Start2))));

        Assert.Equal([601, 602, 603], tree.Descendants); // 601 was re-parented to launchd once 600 ended, and its children still count
        Assert.Equal([601, 602, 603], tree.Running(ProcessListing.Parse(string.Join('\n', Line(601, 1, "S", Start1), Line(602, 601, "S", Start2), Line(603, 602, "S", Start2), Line(700, 1, "S", Start1)))));
    }

    [Fact]
    public void A_reused_pid_is_not_taken_for_a_member()
    {
        var tree = new ProcessTree(600);
        tree.Observe(ProcessListing.Parse(string.Join('\n', Line(600, 500, "S", Start1), Line(601, 600, "S", Start1))));

        // 601 ended; another program got its pid, and a child below it: neither is the run's.
        var later = ProcessListing.Parse(string.Join('\n', Line(601, 1, "S", Start2), Line(605, 601, "S", Start2)));
        tree.Observe(later);
        Assert.Empty(tree.Running(later));
        Assert.Equal([601], tree.Descendants);
    }

    [Fact]
    public void Nothing_is_learned_before_the_root_shows_up_and_the_root_is_never_a_leftover()
    {
        var tree = new ProcessTree(600);
        tree.Observe(ProcessListing.Parse(Line(601, 600, "S", Start1)));
        Assert.Empty(tree.Descendants); // the parent 600 is not listed: nothing says 601 is below the run's 600

        var listing = ProcessListing.Parse(string.Join('\n', Line(600, 500, "S", Start1), Line(601, 600, "S", Start1)));
        tree.Observe(listing);
        Assert.Equal([601], tree.Running(listing));
    }
}
