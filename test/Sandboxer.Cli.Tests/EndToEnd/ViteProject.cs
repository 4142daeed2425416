using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sandboxer.Cli.Tests.EndToEnd;

/// <summary>
/// A real vite project made by vite's own generator (<c>npm create vite</c>, the vanilla template) with its packages
/// installed from the npm registry, once per test class: HOME and the npm cache live in the fixture's own temporary
/// directory, so nothing is shared with the machine or with other test runs. The profiles of both modes are made on
/// first use and shared by the tests that need them. Versions are pinned.
/// </summary>
public sealed class ViteProject : IAsyncLifetime
{
    public const string CreateVite = "create-vite@9.3.0";
    public const string Vite = "vite@8.3.8";

    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(5);

    private readonly Project _root = new("vite");
    private readonly Lazy<Task<ModeProfile>> _build;
    private readonly Lazy<Task<ModeProfile>> _preview;

    public ViteProject()
    {
        _build = new(() => ProfileModeAsync("build", []));
        _preview = new(async () =>
        {
            // Preview serves dist/, which the build profiling left behind.
            await BuildProfileAsync();
            return await ProfileModeAsync("preview", ["--ready-port", PortText, "--exercise", FetchCommand], "--port", PortText, "--strictPort");
        });
    }

    /// <summary>The project directory (the vite app).</summary>
    public string App => Path.Combine(_root.Root, "app");

    /// <summary>HOME for every program of the test: an empty directory of our own.</summary>
    public string Home => Path.Combine(_root.Root, "home");

    public string ViteProgram => Path.Combine(App, "node_modules", ".bin", "vite");

    /// <summary>The port <c>vite preview</c> serves on, chosen free when the fixture started.</summary>
    public int Port { get; } = FreePort();

    public string PortText => Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>An HTTP GET of the preview's page with node's own fetch; fails unless it is the app's page.</summary>
    public string FetchCommand =>
        $"node -e \"fetch('http://localhost:{Port}/').then(async r => {{ const t = await r.text(); if (!r.ok || !t.includes('id=\\\"app\\\"')) {{ console.error(r.status, t); process.exit(1); }} }})\"";

    /// <summary>How long creating the project and installing its packages took (for the report).</summary>
    public TimeSpan SetupTime { get; private set; }

    public Task<ModeProfile> BuildProfileAsync() => _build.Value;

    public Task<ModeProfile> PreviewProfileAsync() => _preview.Value;

    public async ValueTask InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Path.Combine(_root.Root, "npm-cache"));
        await NpmAsync(_root.Root, "create", CreateVite.Replace("create-", string.Empty, StringComparison.Ordinal), "app", "--", "--template", "vanilla", "--no-interactive");
        await NpmAsync(App, "install", "--save-dev", "--save-exact", Vite);
        if (!File.Exists(ViteProgram))
        {
            throw new InvalidOperationException($"the generated project has no {ViteProgram} after npm install");
        }

        SetupTime = clock.Elapsed;
    }

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The environment every program of the test gets: our HOME, our npm cache, no npm chatter.</summary>
    public Dictionary<string, string> Environment() => new(StringComparer.Ordinal)
    {
        ["HOME"] = Home,
        ["npm_config_cache"] = Path.Combine(_root.Root, "npm-cache"),
        ["npm_config_yes"] = "true",
        ["npm_config_update_notifier"] = "false",
        ["npm_config_fund"] = "false",
        ["npm_config_audit"] = "false",
    };

    /// <summary>Runs a program to its end in <paramref name="directory"/> with <see cref="Environment"/>; output captured.</summary>
    public async Task<(int ExitCode, string Output, string Error)> ExecAsync(string directory, IReadOnlyDictionary<string, string>? extra, params string[] command)
    {
        using var process = Start(directory, extra, command);
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = new CancellationTokenSource(SetupTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not finish within {SetupTimeout.TotalMinutes} minutes");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts a program in <paramref name="directory"/> with <see cref="Environment"/>, its output redirected.</summary>
    public Process Start(string directory, IReadOnlyDictionary<string, string>? extra, params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment().Concat(extra ?? new Dictionary<string, string>()))
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    /// <summary><c>sandboxer profile --mode MODE -o MODE.sb --report MODE.json [options] -- vite MODE [arguments]</c>, in process.</summary>
    private async Task<ModeProfile> ProfileModeAsync(string mode, string[] options, params string[] arguments)
    {
        var profile = Path.Combine(App, mode + ".sb");
        var report = Path.Combine(App, mode + ".json");
        var clock = Stopwatch.StartNew();
        var (code, output, error) = await CliRunner.RunAsync(
            ["profile", "--mode", mode, "-w", App, "-o", profile, "--report", report, "-D", "HOME=" + Home, .. options, "--", ViteProgram, mode, .. arguments]);
        return new ModeProfile(mode, profile, report, code, output + error, clock.Elapsed);
    }

    private async Task NpmAsync(string directory, params string[] arguments)
    {
        var (code, output, error) = await ExecAsync(directory, null, ["npm", .. arguments]);
        if (code != 0)
        {
            throw new InvalidOperationException(
                $"`npm {string.Join(' ', arguments)}` failed with exit code {code}; this test needs the npm registry ({RegistryOf(output + error)}) and vite's generator. npm said:\n{error}{output}");
        }
    }

    private static string RegistryOf(string text) =>
        text.Contains("ENOTFOUND", StringComparison.Ordinal) || text.Contains("ECONNREFUSED", StringComparison.Ordinal) || text.Contains("ETIMEDOUT", StringComparison.Ordinal) || text.Contains("EAI_AGAIN", StringComparison.Ordinal)
            ? "it is unreachable from this machine"
            : "reachable or not, see below";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One mode's profiling: the files written, how the command ended, what it printed, and how long it took.</summary>
public sealed record ModeProfile(string Mode, string ProfilePath, string ReportPath, int ExitCode, string Printed, TimeSpan Elapsed);
