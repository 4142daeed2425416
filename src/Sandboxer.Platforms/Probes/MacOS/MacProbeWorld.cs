using Sandboxer.Analysis;
using Sandboxer.Platforms.MacOS.Driver;

namespace Sandboxer.Platforms.Probes.MacOS;

/// <summary>
/// The temporary world the macOS probes run in: a HOME with canary secrets planted where real ones live on a Mac (SSH
/// key, AWS credentials, <c>.netrc</c>, the GitHub CLI token, Chrome's cookie store, the login keychain file), shell
/// start-up files to append to, <c>~/Library/LaunchAgents</c> to plant persistence in, a WORKING_DIR and TMPDIR, and
/// a copy of <c>/bin/echo</c> the profile never declared. Everything is under one resolved temporary directory
/// (<c>/private/var/folders/…</c>, as the kernel reports it), removed on dispose.
/// </summary>
internal sealed class MacProbeWorld : IDisposable
{
    /// <summary>Catalogue ids of the secrets planted, with the entry inside each directory used as the canary.</summary>
    public static readonly (string Id, string? Entry)[] Secrets =
    [
        ("ssh", "id_rsa"), ("aws", "credentials"), ("netrc", null), ("gh", "hosts.yml"), ("chrome-macos", "Default/Cookies"), ("keychains-user", "login.keychain-db"),
    ];

    public static readonly string[] ShellStartupIds = ["shell-bashrc", "shell-zshrc", "shell-profile"];

    public static readonly (string Id, string Entry)[] PersistenceTargets = [("launch-agents-user", "com.example.agent.plist")];

    /// <summary>The system's password hashes, as the kernel names the file (<c>/etc</c> is a link to <c>/private/etc</c>).</summary>
    public const string MasterPasswd = "/private/etc/master.passwd";

    private const string UndeclaredSource = "/bin/echo";

    private MacProbeWorld(string root)
    {
        Root = root;
        Home = Path.Combine(root, "home");
        WorkingDirectory = Path.Combine(root, "work");
        TempDirectory = Path.Combine(root, "tmp");
        Canary = "SANDBOXER-CANARY-" + Guid.NewGuid().ToString("N");
        ExecutionMarker = "SANDBOXER-EXECUTED-" + Guid.NewGuid().ToString("N")[..12];
        OutsideWorkingDirectory = Path.Combine(root, "outside-working-dir.txt");
        UndeclaredBinary = Path.Combine(root, "bin", "undeclared-tool");
    }

    public string Root { get; }

    public string Home { get; }

    public string WorkingDirectory { get; }

    public string TempDirectory { get; }

    /// <summary>The text every planted secret contains; seeing it in the helper's output proves a read.</summary>
    public string Canary { get; }

    /// <summary>What the undeclared binary prints when it runs.</summary>
    public string ExecutionMarker { get; }

    public string OutsideWorkingDirectory { get; }

    public string UndeclaredBinary { get; }

    public static MacProbeWorld Create()
    {
        var created = Directory.CreateTempSubdirectory("sandboxer-probe-").FullName;
        var world = new MacProbeWorld(RealPathResolver.Instance.RealPath(created) ?? created);
        try
        {
            world.Plant();
            return world;
        }
        catch
        {
            world.Dispose();
            throw;
        }
    }

    /// <summary>The concrete path of a catalogue location (and entry) in this HOME.</summary>
    public string PathOf(string id, string? entry = null)
    {
        var location = SensitiveLocations.All.Single(l => l.Id == id);
        var root = location.Resolve(Home, TargetPlatform.MacOS);
        return entry is null ? root : Path.Combine(root, entry);
    }

    /// <summary>The profile parameters of the probe world.</summary>
    public IReadOnlyDictionary<string, string> Parameters() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["HOME"] = Home,
        ["WORKING_DIR"] = WorkingDirectory,
        ["TMPDIR"] = TempDirectory,
    };

    /// <summary>What the helpers get on top of the tool's environment.</summary>
    public IReadOnlyDictionary<string, string> Variables() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["HOME"] = Home,
        ["TMPDIR"] = TempDirectory,
        ["PWD"] = WorkingDirectory,
        ["PATH"] = "/usr/bin:/bin:/usr/sbin:/sbin",
        ["LANG"] = "C",
        ["LC_ALL"] = "C",
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Plant()
    {
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(WorkingDirectory);
        Directory.CreateDirectory(TempDirectory);
        foreach (var (id, entry) in Secrets)
        {
            Write(PathOf(id, entry), $"{Canary} ({id})\n");
        }

        foreach (var id in ShellStartupIds)
        {
            Write(PathOf(id), "# planted by sandboxer probe\n");
        }

        foreach (var (id, _) in PersistenceTargets)
        {
            Directory.CreateDirectory(PathOf(id));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(UndeclaredBinary)!);
        File.Copy(UndeclaredSource, UndeclaredBinary);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(UndeclaredBinary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    private static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
