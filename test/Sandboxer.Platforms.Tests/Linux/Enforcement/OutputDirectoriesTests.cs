using Sandboxer.Platforms.Linux.Enforcement;
using Sandboxer.Platforms.Tests.Support;
using static Sandboxer.Platforms.Tests.Support.ProfileBuilder;

namespace Sandboxer.Platforms.Tests.Linux.Enforcement;

/// <summary>Output directories a build writes into that do not exist in a clean checkout.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OutputDirectoriesTests
{
    private const string Build = "import os\nos.makedirs('dist/assets', exist_ok=True)\nopen('dist/app.js', 'w').write('bundle')\nopen('dist/assets/app.css', 'w').write('css')\nprint(sorted(os.listdir('dist')))";

    [Fact]
    public async Task A_build_writes_its_fresh_output_directory_when_the_profile_lets_it_create_it()
    {
        using var tree = new TempTree("checkout/src/app.ts");
        var checkout = tree["checkout"];
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Allow("file-read*", Subpath(checkout))
            .Allow("file-write-create file-write-data file-write-unlink", Subpath(checkout + "/dist"))
            .Build();

        var run = ConfinedRun.Prepare(profile, new ConfinedRunOptions { Denials = DenialCollection.Trace });
        var (result, output, error) = await ConfinedRunHarness.RunAsync(run, checkout, "python3", "-c", Build);

        Assert.Equal([checkout + "/dist"], run.CreatedDirectories);
        Assert.DoesNotContain(run.Diagnostics, d => d.Message.Contains("/dist", StringComparison.Ordinal));
        Assert.True(result.Outcome.ExitCode == 0, error);
        Assert.Equal("['app.js', 'assets']\n", output);
        Assert.Equal("css", await File.ReadAllTextAsync(checkout + "/dist/assets/app.css", TestContext.Current.CancellationToken));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            File.GetUnixFileMode(checkout + "/dist"));
        Assert.DoesNotContain(result.Denials, d => d.Event.Path?.StartsWith(checkout, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Nothing_is_created_that_the_profile_does_not_let_the_program_create()
    {
        using var tree = new TempTree("checkout/src/app.ts");
        var checkout = tree["checkout"];
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Allow("file-read*", Subpath(checkout))
            .Allow("file-write-data", Subpath(checkout + "/dist"))
            .Allow("file-read*", Subpath(checkout + "/cache"))
            .Allow("file-write-create", Literal(checkout + "/dist/app.js"))
            .Build();

        var run = ConfinedRun.Prepare(profile, new ConfinedRunOptions { Denials = DenialCollection.Trace });
        var (result, _, _) = await ConfinedRunHarness.RunAsync(run, checkout, "python3", "-c", Build);

        Assert.Empty(run.CreatedDirectories);
        Assert.False(Directory.Exists(checkout + "/dist"));
        Assert.False(Directory.Exists(checkout + "/cache"));
        Assert.NotEqual(0, result.Outcome.ExitCode);
        var mkdir = Assert.Single(result.ProfileDenials, d => d.Event.Operation == "file-write-create");
        Assert.Equal((checkout + "/dist", "mkdir", "fs.make_dir"), (mkdir.Event.Path, mkdir.Event.Syscall, mkdir.Blocker));
    }

    [Fact]
    public void A_directory_that_already_exists_is_left_as_it_is()
    {
        using var tree = new TempTree("checkout/dist/old.js");
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Allow("file-write*", Subpath(tree["checkout/dist"]))
            .Build();

        var run = ConfinedRun.Prepare(profile);

        Assert.Empty(run.CreatedDirectories);
        Assert.True(File.Exists(tree["checkout/dist/old.js"]));
    }

    [Fact]
    public void A_file_a_literal_names_is_never_created_as_a_directory()
    {
        // git's lock files: the profile lets git create anything in .git and names index.lock; it must stay absent, or
        // git finds "index.lock exists" and refuses to commit.
        using var tree = new TempTree("repo/.git/HEAD");
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Allow("file-write-create file-write-data file-write-unlink", Subpath(tree["repo/.git"]))
            .Allow("file-read-data", Literal(tree["repo/.git/index.lock"]))
            .Allow("file-write-create", Literal(tree["repo/.git/new/ORIG_HEAD"]))
            .Build();

        var run = ConfinedRun.Prepare(profile);

        Assert.False(Path.Exists(tree["repo/.git/index.lock"]));
        Assert.False(Path.Exists(tree["repo/.git/new/ORIG_HEAD"]));
        Assert.Equal([tree["repo/.git/new"]], run.CreatedDirectories);
    }
}
