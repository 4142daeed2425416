using Sandboxer.Analysis;
using Sandboxer.Platforms.Linux.Landlock.Native;

namespace Sandboxer.Platforms.Probes;

/// <summary>
/// The temporary world the probes run in: a HOME with canary secrets planted where real ones live (SSH key, AWS
/// credentials, <c>.netrc</c>, the GitHub CLI token, a browser cookie store, a keyring), shell start-up files to
/// append to, the directories persistence is planted in, a WORKING_DIR and TMPDIR, and a copy of a harmless binary the
/// profile never declared. Everything is under one resolved temporary directory, removed on dispose.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class ProbeEnvironment : IDisposable
{
    /// <summary>Catalogue ids of the secrets planted, with the entry inside each directory used as the canary.</summary>
    public static readonly (string Id, string? Entry)[] Secrets =
    [
        ("ssh", "id_rsa"), ("aws", "credentials"), ("netrc", null), ("gh", "hosts.yml"), ("chrome-linux", "Default/Cookies"), ("keyrings", "login.keyring"),
    ];

    public static readonly string[] ShellStartupIds = ["shell-bashrc", "shell-zshrc", "shell-profile"];

    public static readonly (string Id, string Entry)[] PersistenceTargets = [("launch-agents-user", "com.example.agent.plist"), ("systemd-user", "evil.service")];

    private ProbeEnvironment(string root)
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

    public static ProbeEnvironment Create()
    {
        var root = FileDescriptors.RealPath(Directory.CreateTempSubdirectory("sandboxer-probe-").FullName)
            ?? throw new IOException("cannot resolve the probe directory");
        var environment = new ProbeEnvironment(root);
        try
        {
            environment.Plant();
            return environment;
        }
        catch
        {
            environment.Dispose();
            throw;
        }
    }

    /// <summary>The concrete path of a catalogue location (and entry) in this HOME.</summary>
    public string PathOf(string id, string? entry = null)
    {
        var location = SensitiveLocations.All.Single(l => l.Id == id);
        var root = location.Resolve(Home, TargetPlatform.Linux);
        return entry is null ? root : Path.Combine(root, entry);
    }

    /// <summary>The parameters a profile is evaluated with for the probes.</summary>
    public IReadOnlyDictionary<string, string> Parameters() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["HOME"] = Home,
        ["WORKING_DIR"] = WorkingDirectory,
        ["TMPDIR"] = TempDirectory,
    };

    public IReadOnlyDictionary<string, string> TargetEnvironment() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["HOME"] = Home,
        ["TMPDIR"] = TempDirectory,
        ["PWD"] = WorkingDirectory,
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["LANG"] = "C",
        ["LC_ALL"] = "C",
    };

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
        File.Copy("/usr/bin/echo", UndeclaredBinary);
        File.SetUnixFileMode(UndeclaredBinary, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    private static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

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
}
