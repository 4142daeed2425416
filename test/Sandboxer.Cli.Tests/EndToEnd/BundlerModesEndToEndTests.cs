using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using Sandboxer.Platforms.Processes;
using Sandboxer.Platforms.Processes.Native;

namespace Sandboxer.Cli.Tests.EndToEnd;

/// <summary>
/// A real two-mode program nobody here wrote: vite, on the project its own generator makes. <c>build</c> is profiled as
/// a batch program and <c>preview</c> as a server (ready when it listens, exercised with an HTTP request, then stopped);
/// both profiles verify under enforcement and keep the modes apart (<c>build</c> may not listen, <c>preview</c> may not
/// write <c>dist/</c>); the wrapper script runs both modes under their profiles and refuses any other.
/// </summary>
[Collection(EndToEndGroup.Name)]
[SupportedOSPlatform("linux")]
public sealed class BundlerModesEndToEndTests(ViteProject vite) : IClassFixture<ViteProject>
{
    [Fact]
    public async Task Build_is_profiled_verified_and_may_not_listen_or_read_ssh_keys()
    {
        var build = await vite.BuildProfileAsync();

        Assert.True(build.ExitCode == 0, build.Printed);
        var profile = await File.ReadAllTextAsync(build.ProfilePath, TestContext.Current.CancellationToken);
        var report = Report(build);
        ProfileShape.AssertSound(profile, report);
        Assert.Equal("build", report.GetProperty("mode").GetString());
        Assert.True(File.Exists(Path.Combine(vite.App, "dist", "index.html")));
        Assert.Contains("(subpath (string-append (param \"WORKING_DIR\") \"/dist\"))", profile, StringComparison.Ordinal);

        Assert.Equal("deny", await DecideAsync(build, "network-bind", "--local", "tcp:localhost:" + vite.PortText));
        Assert.Equal("deny", await DecideAsync(build, "network-bind", "--local", "tcp:127.0.0.1:4173"));
        Assert.Equal("deny", await DecideAsync(build, "file-read-data", "--path", Path.Combine(vite.Home, ".ssh", "id_ed25519")));
        Assert.Equal("allow", await DecideAsync(build, "file-write-create", "--path", Path.Combine(vite.App, "dist", "assets", "index-new.js")));
    }

    [Fact]
    public async Task Build_profiled_over_its_own_earlier_output_verifies_and_its_profile_runs_as_written()
    {
        var first = await vite.BuildProfileAsync();
        Assert.True(first.ExitCode == 0, first.Printed);
        var dist = Path.Combine(vite.App, "dist");
        if (!File.Exists(Path.Combine(dist, "index.html")))
        {
            var plain = await vite.ExecAsync(vite.App, null, vite.ViteProgram, "build");
            Assert.True(plain.ExitCode == 0, plain.Error);
        }

        // vite empties the existing dist/ and writes it again: every file there is removed and created anew.
        var profile = Path.Combine(vite.App, "build-again.sb");
        var (code, output, error) = await CliRunner.RunAsync(
            "profile", "--mode", "build", "-w", vite.App, "-o", profile, "--force", "--json", "-D", "HOME=" + vite.Home, "--", vite.ViteProgram, "build");
        Assert.True(code == 0, output + error);
        var text = await File.ReadAllTextAsync(profile, TestContext.Current.CancellationToken);
        Assert.Contains("(subpath (string-append (param \"WORKING_DIR\") \"/dist\"))", text, StringComparison.Ordinal);

        var rerun = await vite.ExecAsync(vite.App, null, Path.Combine(AppContext.BaseDirectory, "sandboxer"), "run", "-f", profile, "--", vite.ViteProgram, "build");
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.DoesNotContain("LL5004", rerun.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_is_profiled_as_a_server_verified_and_may_not_write_dist()
    {
        var preview = await vite.PreviewProfileAsync();

        Assert.True(preview.ExitCode == 0, preview.Printed);
        var profile = await File.ReadAllTextAsync(preview.ProfilePath, TestContext.Current.CancellationToken);
        var report = Report(preview);
        ProfileShape.AssertSound(profile, report);
        Assert.Equal("preview", report.GetProperty("mode").GetString());
        Assert.All(report.GetProperty("runLog").EnumerateArray(), run =>
        {
            var longRunning = run.GetProperty("longRunning");
            Assert.True(longRunning.GetProperty("succeeded").GetBoolean(), run.GetProperty("outcome").GetString());
            Assert.Equal(vite.Port, longRunning.GetProperty("readyPort").GetInt32());
            Assert.True(longRunning.GetProperty("exercise").GetProperty("succeeded").GetBoolean());
        });

        var dist = Path.Combine(vite.App, "dist");
        foreach (var operation in new[] { "file-write-create", "file-write-data", "file-write-unlink" })
        {
            Assert.Equal("deny", await DecideAsync(preview, operation, "--path", Path.Combine(dist, "index.html")));
            Assert.Equal("deny", await DecideAsync(preview, operation, "--path", Path.Combine(dist, "assets", "injected.js")));
        }

        Assert.Equal("deny", await DecideAsync(preview, "file-read-data", "--path", Path.Combine(vite.Home, ".ssh", "id_ed25519")));
        Assert.Equal("allow", await DecideAsync(preview, "network-bind", "--local", "tcp:localhost:" + vite.PortText));
        Assert.Equal("allow", await DecideAsync(preview, "file-read-data", "--path", Path.Combine(dist, "index.html")));
    }

    [Fact]
    public async Task The_wrapper_runs_build_and_preview_under_their_profiles_and_refuses_an_unknown_mode()
    {
        var build = await vite.BuildProfileAsync();
        var preview = await vite.PreviewProfileAsync();
        Assert.True(build.ExitCode == 0 && preview.ExitCode == 0, build.Printed + preview.Printed);
        var script = Path.Combine(vite.App, "vite-sandboxed");
        var (code, _, error) = await CliRunner.RunAsync(
            "wrapper", "--profile", "build=" + build.ProfilePath, "--profile", "preview=" + preview.ProfilePath, "--refuse", "--force", "-o", script, "--", vite.ViteProgram);
        Assert.True(code == 0, error);
        var temporary = Directory.CreateTempSubdirectory("sandboxer-e2e-vite-tmp-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["SANDBOXER"] = Path.Combine(AppContext.BaseDirectory, "sandboxer"),
                ["TMPDIR"] = temporary,
            };

            // build: writes dist/ again from nothing, confined by build.sb.
            Directory.Delete(Path.Combine(vite.App, "dist"), recursive: true);
            var built = await vite.ExecAsync(vite.App, environment, "/bin/sh", script, "build");
            Assert.True(built.ExitCode == 0, built.Error + built.Output);
            Assert.Contains("<div id=\"app\">", await File.ReadAllTextAsync(Path.Combine(vite.App, "dist", "index.html"), TestContext.Current.CancellationToken), StringComparison.Ordinal);

            // An unknown mode runs nothing, not even the sandbox: exit 64 and the known modes on stderr.
            var spy = Path.Combine(temporary, "sandboxer-spy");
            var ran = Path.Combine(temporary, "sandboxer-ran");
            await File.WriteAllTextAsync(spy, $"#!/bin/sh\n: > '{ran}'\n", TestContext.Current.CancellationToken);
            File.SetUnixFileMode(spy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var refused = await vite.ExecAsync(vite.App, new Dictionary<string, string>(environment) { ["SANDBOXER"] = spy }, "/bin/sh", script, "dev");
            Assert.Equal(64, refused.ExitCode);
            Assert.Contains("unknown mode \"dev\"; known modes: build, preview", refused.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(ran), "the sandbox was started for an unknown mode");

            // preview: serves the page under preview.sb until it is stopped; then nothing of it is left.
            using var server = vite.Start(vite.App, environment, "/bin/sh", script, "preview", "--port", vite.PortText, "--strictPort");
            var serverOutput = server.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var serverError = server.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var page = await FetchWhileRunningAsync(server, serverError);
            Assert.Contains("<div id=\"app\">", page, StringComparison.Ordinal);

            Assert.Equal(0, LibC.kill(server.Id, SignalNames.SIGTERM));
            await server.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(server.ExitCode == 130, await serverError + await serverOutput);
            Assert.Empty(ProcessesRunningFrom(vite.App));
        }
        finally
        {
            Directory.Delete(temporary, recursive: true);
        }
    }

    private static JsonElement Report(ModeProfile mode) => JsonDocument.Parse(File.ReadAllText(mode.ReportPath)).RootElement.Clone();

    /// <summary>The engine's decision (<c>sandboxer explain --json</c>) for one access under the mode's profile, with the test's parameters.</summary>
    private async Task<string> DecideAsync(ModeProfile mode, string operation, params string[] target)
    {
        var (code, output, error) = await CliRunner.RunAsync(
            ["explain", mode.ProfilePath, "--op", operation, .. target, "-D", "HOME=" + vite.Home, "-D", "WORKING_DIR=" + vite.App, "-D", "TMPDIR=/tmp", "--json"]);
        Assert.True(code == 0, error);
        return JsonDocument.Parse(output).RootElement.GetProperty("decision").GetString()!;
    }

    /// <summary>GETs the preview's page, retrying while the server starts (the relay answers before vite listens).</summary>
    private async Task<string> FetchWhileRunningAsync(Process server, Task<string> serverError)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(server.HasExited, "the sandboxed preview ended before it answered: " + (server.HasExited ? await serverError : string.Empty));
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{vite.Port}/"), TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                // Not listening yet.
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "the sandboxed preview did not answer within 60 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Processes whose command line names something under <paramref name="directory"/> (vite, its node, the wrapper).</summary>
    private static List<string> ProcessesRunningFrom(string directory)
    {
        var found = new List<string>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !ProcFs.IsRunning(pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(directory, StringComparison.Ordinal))
                {
                    found.Add(pid.ToString(CultureInfo.InvariantCulture) + ": " + commandLine);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return found;
    }
}
