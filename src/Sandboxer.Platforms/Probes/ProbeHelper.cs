namespace Sandboxer.Platforms.Probes;

/// <summary>
/// A small program the probes run inside the sandbox to make one attempt. Shells do file probes with builtins only
/// (no second binary needs to be allowed); connecting needs bash's <c>/dev/tcp</c> or Python.
/// </summary>
internal sealed record ProbeHelper(string Name, string Executable, HelperKind Kind)
{
    public bool CanConnect => Kind is HelperKind.Bash or HelperKind.Python;

    /// <summary>Arguments that perform <paramref name="action"/> on <paramref name="target"/>.</summary>
    public IReadOnlyList<string> Arguments(ProbeAction action, string target, string? extra = null) => Kind == HelperKind.Python
        ? PythonArguments(action, target, extra)
        : ShellArguments(action, target, extra);

    public IReadOnlyList<string> TrialArguments() => Kind == HelperKind.Python ? [Name, "-I", "-S", "-c", "pass"] : [Name, "-c", "exit 0"];

    private IReadOnlyList<string> ShellArguments(ProbeAction action, string target, string? extra) => action switch
    {
        ProbeAction.Read => [Name, "-c", "while IFS= read -r line || [ -n \"$line\" ]; do printf '%s\\n' \"$line\"; done < \"$1\"", "probe", target],
        ProbeAction.Append => [Name, "-c", "printf 'sandboxer-probe\\n' >> \"$1\"", "probe", target],
        ProbeAction.Create => [Name, "-c", "printf 'sandboxer-probe\\n' > \"$1\"", "probe", target],
        ProbeAction.Execute => [Name, "-c", "exec \"$1\" \"$2\"", "probe", target, extra ?? string.Empty],
        ProbeAction.Connect => [Name, "-c", "exec 3<>\"/dev/tcp/$1/$2\" && IFS= read -r line <&3; printf '%s\\n' \"$line\"", "probe", target, extra ?? string.Empty],
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private IReadOnlyList<string> PythonArguments(ProbeAction action, string target, string? extra)
    {
        const string Prologue = "import sys,os\ntry:\n";
        const string Epilogue = "except OSError as e:\n  sys.stderr.write('errno %d %s\\n' % (e.errno, e.strerror)); sys.exit(1)\n";
        var body = action switch
        {
            ProbeAction.Read => "  sys.stdout.write(open(sys.argv[1]).read())\n",
            ProbeAction.Append => "  open(sys.argv[1],'a').write('sandboxer-probe\\n')\n",
            ProbeAction.Create => "  open(sys.argv[1],'w').write('sandboxer-probe\\n')\n",
            ProbeAction.Execute => "  os.execv(sys.argv[1],[sys.argv[1],sys.argv[2]])\n",
            ProbeAction.Connect => "  import socket\n  s=socket.create_connection((sys.argv[1],int(sys.argv[2])),5)\n  sys.stdout.write(s.recv(200).decode())\n",
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        return [Name, "-I", "-S", "-c", Prologue + body + Epilogue, target, extra ?? string.Empty];
    }
}

internal enum HelperKind
{
    Shell,
    Bash,
    Python,
}

internal enum ProbeAction
{
    Read,
    Append,
    Create,
    Execute,
    Connect,
}
