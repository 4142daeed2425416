namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>
/// Where a run happens: the user's home, the working directory and the temporary directory as the environment
/// gives them (before resolution). On macOS <c>$TMPDIR</c> is the per-user <c>/var/folders/xx/yy/T/</c>.
/// </summary>
internal sealed record SandboxEnvironment(string Home, string WorkingDirectory, string TemporaryDirectory)
{
    /// <summary>The current process's environment (<c>HOME</c>, current directory, <c>TMPDIR</c> or <c>/tmp</c>).</summary>
    public static SandboxEnvironment FromCurrentProcess()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        var temporary = Environment.GetEnvironmentVariable("TMPDIR");
        return new SandboxEnvironment(home, Environment.CurrentDirectory, string.IsNullOrEmpty(temporary) ? "/tmp" : temporary);
    }
}
