using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Synthesis;
using Sandboxer.Synthesis.Grants;
using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Tests.Synthesis;

public sealed class SynthesizerTests
{
    private const string Home = "/home/alice";
    private const string Work = "/home/alice/project";
    private const string Tmp1 = "/tmp/sbx-run1";
    private const string Tmp2 = "/tmp/sbx-run2";

    private static SynthesisContext Context(NetworkMode network = NetworkMode.Observed, TargetPlatform platform = TargetPlatform.Linux) => new()
    {
        Platform = platform,
        Home = Home,
        WorkingDirectory = Work,
        Sensitivity = new FakeSensitivity(Home),
        Network = network,
    };

    private static AccessEvent Read(string path, string process = "tool", string? syscall = null, string? fileType = null) =>
        new() { Operation = "file-read-data", Path = path, Pid = 10, Process = process, Syscall = syscall, FileType = fileType };

    private static AccessEvent Event(string op, string path, AccessResult? result = null) =>
        new() { Operation = op, Path = path, Pid = 10, Process = "tool", Result = result ?? AccessResult.Ok };

    private static SynthesisResult Synthesize(params AccessEvent[] events) =>
        Synthesizer.Synthesize([new ObservedRun(RunKind.Observe, 0, Tmp1, events)], Context());

    private static List<Grant> Grants(SynthesisResult result, string operation) =>
        [.. result.Grants.Where(g => g.Operation == operation)];

    private static PathPattern Pattern(Grant grant) => ((PathTarget)grant.Target).Pattern;

    [Fact]
    public void Seven_reads_in_one_unknown_directory_are_seven_literals()
    {
        var events = Enumerable.Range(1, 7).Select(i => Read($"/srv/data/f{i}.txt")).ToArray();
        var reads = Grants(Synthesize(events), "file-read-data");
        Assert.Equal(7, reads.Count);
        Assert.All(reads, g => Assert.IsType<LiteralPattern>(Pattern(g)));
        Assert.All(reads, g => Assert.Equal(GeneralizationStep.Observed, g.Step));
    }

    [Fact]
    public void More_than_sixteen_files_in_one_directory_become_a_subpath()
    {
        var events = Enumerable.Range(1, 17).Select(i => Read($"/srv/data/f{i}.txt")).ToArray();
        var read = Assert.Single(Grants(Synthesize(events), "file-read-data"));
        Assert.Equal(new SubpathPattern(AnchoredPath.Absolute("/srv/data")), Pattern(read));
        Assert.Equal(GeneralizationStep.ManyFiles, read.Step);
    }

    [Fact]
    public void Paths_under_the_parameters_are_anchored_to_the_deepest_one()
    {
        var result = Synthesize(Read(Work + "/setup.py"), Read(Home + "/.gitconfig"));
        var anchors = Grants(result, "file-read-data").Select(g => Pattern(g).Root).ToList();
        Assert.Contains(new AnchoredPath(ProfileParameters.WorkingDirectory, "/setup.py"), anchors);
        Assert.Contains(new AnchoredPath(ProfileParameters.Home, "/.gitconfig"), anchors);
    }

    [Fact]
    public void Anything_in_the_private_tmpdir_is_one_subpath_of_the_parameter()
    {
        var result = Synthesize(Event("file-write-create", Tmp1 + "/a/b.tmp"), Event("file-write-data", Tmp1 + "/x"));
        var create = Assert.Single(Grants(result, "file-write-create"));
        Assert.Equal(new SubpathPattern(new AnchoredPath(ProfileParameters.TemporaryDirectory, string.Empty)), Pattern(create));
        Assert.Equal(GeneralizationStep.TemporaryDirectory, create.Step);
    }

    [Fact]
    public void System_library_reads_become_the_system_location()
    {
        var result = Synthesize(Read("/usr/lib/x86_64-linux-gnu/libc.so.6"), Read("/usr/lib/x86_64-linux-gnu/libm.so.6"));
        var read = Assert.Single(Grants(result, "file-read-data"));
        Assert.Equal(new SubpathPattern(AnchoredPath.Absolute("/usr/lib")), Pattern(read));
        Assert.Equal(GeneralizationStep.SystemLocation, read.Step);
    }

    [Fact]
    public void Writes_never_generalize_into_system_locations()
    {
        var result = Synthesize(Event("file-write-data", "/usr/lib/x/a"), Event("file-write-data", "/usr/lib/x/b"));
        Assert.All(Grants(result, "file-write-data"), g => Assert.IsType<LiteralPattern>(Pattern(g)));
    }

    [Fact]
    public void An_interpreter_install_tree_under_home_becomes_a_parameterized_subpath()
    {
        var exe = Home + "/.pyenv/versions/3.11.7/bin/python3.11";
        var result = Synthesize(
            Event("process-exec", exe),
            Read(Home + "/.pyenv/versions/3.11.7/lib/python3.11/os.py"),
            Read(Home + "/.pyenv/versions/3.11.7/lib/python3.11/json/__init__.py"));
        var read = Assert.Single(Grants(result, "file-read-data"));
        Assert.Equal(new SubpathPattern(new AnchoredPath(ProfileParameters.Home, "/.pyenv/versions/3.11.7")), Pattern(read));
        Assert.Equal(GeneralizationStep.InstallTree, read.Step);
        var exec = Assert.Single(Grants(result, "process-exec"));
        Assert.IsType<LiteralPattern>(Pattern(exec));
    }

    [Fact]
    public void A_listed_directory_whose_entries_are_read_becomes_a_subpath()
    {
        var result = Synthesize(
            Read(Work + "/src", syscall: "getdents64", fileType: "directory"),
            Read(Work + "/src/a.py"),
            Read(Work + "/src/b.py"));
        var read = Assert.Single(Grants(result, "file-read-data"));
        Assert.Equal(new SubpathPattern(new AnchoredPath(ProfileParameters.WorkingDirectory, "/src")), Pattern(read));
        Assert.Equal(GeneralizationStep.DirectoryContents, read.Step);
    }

    [Fact]
    public void Listing_home_never_widens_to_all_of_home()
    {
        var result = Synthesize(
            Read(Home, syscall: "getdents64", fileType: "directory"),
            Read(Home + "/.gitconfig"),
            Read(Home + "/.npmrc"));
        var reads = Grants(result, "file-read-data");
        Assert.DoesNotContain(reads, g => Pattern(g) is SubpathPattern);
        Assert.Contains(result.Refusals, r => r.Reason.Contains("all of HOME", StringComparison.Ordinal));
    }

    [Fact]
    public void A_directory_containing_a_secret_is_never_widened()
    {
        var events = Enumerable.Range(1, 20).Select(i => Read($"{Home}/.config/f{i}")).ToArray();
        var reads = Grants(Synthesize(events), "file-read-data");
        Assert.Equal(20, reads.Count);
        Assert.All(reads, g => Assert.IsType<LiteralPattern>(Pattern(g)));
    }

    [Fact]
    public void A_secret_the_program_really_read_is_a_flagged_literal()
    {
        var result = Synthesize(Read(Home + "/.ssh/known_hosts"));
        var read = Assert.Single(Grants(result, "file-read-data"));
        Assert.True(read.IsSensitive);
        Assert.Equal(new LiteralPattern(new AnchoredPath(ProfileParameters.Home, "/.ssh/known_hosts")), Pattern(read));
    }

    [Fact]
    public void Output_directories_the_program_created_become_subpaths_for_writes()
    {
        var result = Synthesize(
            new AccessEvent { Operation = "file-write-create", Path = Work + "/dist", Pid = 1, Process = "vite", Syscall = "mkdir" },
            Event("file-write-create", Work + "/dist/index.html"),
            Event("file-write-create", Work + "/dist/assets/index-4f2a.js"));
        var create = Assert.Single(Grants(result, "file-write-create"));
        Assert.Equal(new SubpathPattern(new AnchoredPath(ProfileParameters.WorkingDirectory, "/dist")), Pattern(create));
        Assert.Equal(GeneralizationStep.ProgramOutput, create.Step);
    }

    [Fact]
    public void Names_that_differ_between_runs_become_the_tightest_regex()
    {
        ObservedRun[] runs =
        [
            new(RunKind.Observe, 0, Tmp1, [Event("file-write-create", Home + "/.cache/tool/tmp-3f2a9c.json"), Event("file-write-create", Home + "/.cache/tool/index")]),
            new(RunKind.Observe, 1, Tmp2, [Event("file-write-create", Home + "/.cache/tool/tmp-b81e07.json"), Event("file-write-create", Home + "/.cache/tool/index")]),
        ];
        var result = Synthesizer.Synthesize(runs, Context());
        var creates = Grants(result, "file-write-create");
        Assert.Equal(2, creates.Count);
        var regex = Assert.IsType<RegexPattern>(Pattern(creates.Single(g => g.Step == GeneralizationStep.VaryingNames)));
        Assert.Equal(@"/tmp-[0-9a-f]+\.json$", regex.Tail);
        Assert.True(regex.Covers(new AnchoredPath(ProfileParameters.Home, "/.cache/tool/tmp-00aa11.json")));
        Assert.False(regex.Covers(new AnchoredPath(ProfileParameters.Home, "/.cache/tool/index")));
        Assert.Contains(creates, g => Pattern(g) is LiteralPattern { Path.Relative: "/.cache/tool/index" });
    }

    [Fact]
    public void New_names_denied_in_an_enforced_run_count_as_varying()
    {
        ObservedRun[] runs =
        [
            new(RunKind.Observe, 0, Tmp1, [Event("file-write-create", Work + "/.cache/build-1234.lock")]),
            new(RunKind.Enforce, 1, Tmp2, [Event("file-write-create", Work + "/.cache/build-9876.lock", AccessResult.Denied)]),
        ];
        var create = Assert.Single(Grants(Synthesizer.Synthesize(runs, Context()), "file-write-create"));
        var regex = Assert.IsType<RegexPattern>(Pattern(create));
        Assert.Equal(@"/build-[0-9]+\.lock$", regex.Tail);
    }

    [Fact]
    public void Directories_whose_names_vary_between_runs_become_one_pattern_with_their_contents()
    {
        // git writes each commit's objects into objects/<2 hex>/<38 hex>: a new directory every run.
        ObservedRun[] runs =
        [
            new(RunKind.Observe, 0, Tmp1,
            [
                new AccessEvent { Operation = "file-write-create", Path = Work + "/.git/objects/7d", Pid = 1, Process = "git", Syscall = "mkdir", FileType = "directory" },
                Event("file-write-create", Work + "/.git/objects/7d/0f1e2d3c4b5a69788796a5b4c3d2e1f00112233"),
                Event("file-write-create", Work + "/.git/objects/maintenance.lock"),
            ]),
            new(RunKind.Enforce, 1, Tmp2,
            [
                Event("file-write-create", Work + "/.git/objects/82", AccessResult.Denied),
                Event("file-write-create", Work + "/.git/objects/82/tmp_obj_Ab12Cd", AccessResult.Denied),
            ]),
        ];

        // On macOS, where the literal lock file is enforceable as written (on Linux it widens to .git/objects).
        var creates = Grants(Synthesizer.Synthesize(runs, Context(platform: TargetPlatform.MacOS)), "file-write-create");

        var varying = Assert.Single(creates, g => g.Step == GeneralizationStep.VaryingNames);
        var regex = Assert.IsType<RegexPattern>(Pattern(varying));
        Assert.Equal("/[0-9a-f]{2}(/.*)?$", regex.Tail);
        Assert.True(regex.Covers(new AnchoredPath(ProfileParameters.WorkingDirectory, "/.git/objects/e3/abc")));
        Assert.False(regex.Covers(new AnchoredPath(ProfileParameters.WorkingDirectory, "/.git/objects/pack")));
        Assert.False(regex.Covers(new AnchoredPath(ProfileParameters.WorkingDirectory, "/.git/objects/maintenance.lock")));
        Assert.Contains(creates, g => Pattern(g) is LiteralPattern { Path.Relative: "/.git/objects/maintenance.lock" });
    }

    [Fact]
    public void On_linux_entries_created_and_removed_in_a_project_directory_become_its_subpath()
    {
        AccessEvent[] events =
        [
            Event("file-write-create", Work + "/.git/index.lock"),
            Event("file-write-data", Work + "/.git/index.lock"),
            Event("file-read-data", Work + "/.git/index.lock"),
            Event("file-write-unlink", Work + "/.git/index.lock"),
            Event("file-write-create", Work + "/.git/refs/heads/main.lock"),
            Event("file-write-data", Work + "/.git/config"),
            Event("file-write-create", Work + "/package-lock.json"),
            Event("file-write-create", Home + "/.cache/tool/state.json"),
        ];

        var linux = Synthesizer.Synthesize([new ObservedRun(RunKind.Observe, 0, Tmp1, events)], Context());
        var macos = Synthesizer.Synthesize([new ObservedRun(RunKind.Observe, 0, Tmp1, events)], Context(platform: TargetPlatform.MacOS));

        var git = new SubpathPattern(new AnchoredPath(ProfileParameters.WorkingDirectory, "/.git"));
        foreach (var operation in new[] { "file-write-create", "file-write-data", "file-write-unlink", "file-read-data" })
        {
            var grant = Assert.Single(Grants(linux, operation), g => Pattern(g) == git);
            Assert.Equal(GeneralizationStep.LandlockGranularity, grant.Step);
            Assert.StartsWith("Landlock allows", grant.Reason, StringComparison.Ordinal);
            Assert.Equal(operation != "file-read-data", grant.Reason.Contains("review: this includes .git/hooks, .git/config", StringComparison.Ordinal));
        }

        var creates = Grants(linux, "file-write-create");
        Assert.DoesNotContain(creates, g => Pattern(g).Root.Relative.StartsWith("/.git/", StringComparison.Ordinal));
        Assert.Contains(creates, g => Pattern(g) is LiteralPattern { Path.Relative: "/package-lock.json" });
        Assert.Contains(creates, g => Pattern(g) is LiteralPattern { Path.Parameter: ProfileParameters.Home, Path.Relative: "/.cache/tool/state.json" });
        Assert.DoesNotContain(macos.Grants, g => g.Step == GeneralizationStep.LandlockGranularity);
        Assert.Contains(Grants(macos, "file-write-create"), g => Pattern(g) is LiteralPattern { Path.Relative: "/.git/index.lock" });
    }

    [Fact]
    public void Directories_whose_varying_names_share_no_shape_are_not_widened_to_their_parent()
    {
        ObservedRun[] runs =
        [
            new(RunKind.Observe, 0, Tmp1, [Event("file-write-create", Work + "/out/alpha/one.txt"), Event("file-write-create", Work + "/out/beta/two.txt")]),
            new(RunKind.Observe, 1, Tmp2, [Event("file-write-create", Work + "/out/gamma/one.txt"), Event("file-write-create", Work + "/out/delta/two.txt")]),
        ];

        var creates = Grants(Synthesizer.Synthesize(runs, Context()), "file-write-create");

        Assert.DoesNotContain(creates, g => g.Step == GeneralizationStep.VaryingNames);
    }

    [Fact]
    public void Per_process_proc_entries_become_a_pid_regex_on_linux()
    {
        var result = Synthesize(Read("/proc/1234/maps"), Read("/proc/1240/maps"), Read("/proc/meminfo"));
        var reads = Grants(result, "file-read-data");
        Assert.Contains(reads, g => Pattern(g) is RegexPattern { Tail: "/[0-9]+/maps$" });
        Assert.Contains(reads, g => Pattern(g) is LiteralPattern { Path.Relative: "/proc/meminfo" });
    }

    [Fact]
    public void With_network_none_the_name_resolver_socket_is_refused_not_granted()
    {
        var lookup = new AccessEvent { Operation = "network-outbound", Path = "/private/var/run/mDNSResponder", Pid = 1, Process = "curl" };
        ObservedRun[] runs = [new(RunKind.Observe, 0, Tmp1, [lookup])];

        var none = Synthesizer.Synthesize(runs, Context(NetworkMode.None, TargetPlatform.MacOS));
        var observed = Synthesizer.Synthesize(runs, Context(NetworkMode.Observed, TargetPlatform.MacOS));

        Assert.DoesNotContain(none.Grants, g => g.Operation == "network-outbound");
        Assert.Contains(none.Refusals, r => r.Target == "/private/var/run/mDNSResponder" && r.Reason.Contains("--network none", StringComparison.Ordinal));
        Assert.Contains(observed.Grants, g => g.Operation == "network-outbound" && g.Target is PathTarget);
    }

    [Fact]
    public void Network_follows_the_mode()
    {
        AccessEvent[] events =
        [
            new() { Operation = "network-outbound", Remote = new NetworkEndpoint("tcp", "127.0.0.1", 5432), Pid = 1, Process = "node" },
            new() { Operation = "network-outbound", Remote = new NetworkEndpoint("tcp", "104.16.0.1", 443), Pid = 1, Process = "node" },
            new() { Operation = "network-bind", Local = new NetworkEndpoint("tcp", "0.0.0.0", 8080), Pid = 1, Process = "node" },
        ];
        ObservedRun[] runs = [new(RunKind.Observe, 0, Tmp1, events)];

        var observed = Synthesizer.Synthesize(runs, Context(NetworkMode.Observed)).Grants.Select(g => g.Target).OfType<NetworkTarget>().ToList();
        Assert.Contains(new NetworkTarget(NetworkSide.Remote, "tcp", NetworkHost.Localhost, 5432), observed);
        Assert.Contains(new NetworkTarget(NetworkSide.Remote, "tcp", NetworkHost.Any, 443), observed);
        Assert.Contains(new NetworkTarget(NetworkSide.Local, "tcp", NetworkHost.Any, 8080), observed);

        var local = Synthesizer.Synthesize(runs, Context(NetworkMode.Localhost));
        Assert.DoesNotContain(local.Grants, g => g.Target is NetworkTarget { Port: 443 });
        Assert.Contains(local.Refusals, r => r.Target.Contains("443", StringComparison.Ordinal));

        var none = Synthesizer.Synthesize(runs, Context(NetworkMode.None));
        Assert.DoesNotContain(none.Grants, g => g.Category == GrantCategory.Network);

        var any = Synthesizer.Synthesize(runs, Context(NetworkMode.Any));
        Assert.Contains(any.Grants, g => g.Operation == "network*" && g.Target is Unfiltered);
    }

    [Fact]
    public void Metadata_is_allowed_broadly_and_fork_and_signals_as_observed()
    {
        var result = Synthesize(
            new AccessEvent { Operation = "process-fork", Pid = 1, Process = "sh" },
            new AccessEvent { Operation = "signal", Target = "children", Signal = 15, Pid = 1, Process = "sh" });
        Assert.Contains(result.Grants, g => g.Operation == "file-read-metadata" && g.Target is Unfiltered);
        Assert.Contains(result.Grants, g => g.Operation == "process-fork" && g.Target is Unfiltered);
        Assert.Contains(result.Grants, g => g.Operation == "signal" && g.Target == new SignalTarget("children"));
    }

    [Fact]
    public void Errors_other_than_denials_are_not_permissions()
    {
        var result = Synthesize(Event("file-read-data", "/etc/nothing", AccessResult.Error("ENOENT")), Event("process-exec", "/usr/local/bin/x", AccessResult.Error("ENOENT")));
        Assert.Empty(Grants(result, "file-read-data"));
        Assert.Empty(Grants(result, "process-exec"));
        Assert.Equal(2, result.Statistics.IgnoredErrors);
    }

    [Fact]
    public void The_same_events_in_any_order_give_the_same_grants()
    {
        var events = new List<AccessEvent>
        {
            Read("/usr/lib/a.so"), Read(Work + "/x"), Read(Work + "/y"), Event("file-write-data", Tmp1 + "/q"),
            Event("process-exec", "/usr/bin/env"), new() { Operation = "process-fork", Pid = 1, Process = "sh" },
        };
        var first = Synthesize([.. events]).Grants;
        events.Reverse();
        var second = Synthesize([.. events]).Grants;
        Assert.Equal(first, second);
    }
}
