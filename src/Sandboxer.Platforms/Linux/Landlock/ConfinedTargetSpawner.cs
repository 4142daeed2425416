using System.Runtime.Versioning;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// Plugs the Landlock launcher into the shared target runner (<see cref="TargetLaunch.Spawner"/>): the runner keeps
/// stdio pass-through, exit codes, signal forwarding and whole-tree cleanup; the target itself is spawned from a
/// dedicated thread confined by the plan (and inside the plan's network namespace).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ConfinedTargetSpawner
{
    private readonly LandlockPlan _plan;
    private readonly LaunchOptions _options;

    public ConfinedTargetSpawner(LandlockPlan plan, LaunchOptions options)
    {
        _plan = plan;
        _options = options;
    }

    /// <summary>The last spawn: its diagnostics and the confinement check.</summary>
    public ConfinedSpawn? LastSpawn { get; private set; }

    public int Spawn(TargetSpawnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Environment)
        {
            environment[key] = value;
        }

        var spawnRequest = new SpawnRequest(request.Executable, request.Arguments, environment, request.WorkingDirectory)
        {
            StandardInputFd = request.StandardInput,
            StandardOutputFd = request.StandardOutput,
            StandardErrorFd = request.StandardError,
        };
        try
        {
            LastSpawn = ConfinedLauncher.Spawn(_plan, spawnRequest, _options);
            return LastSpawn.Pid;
        }
        catch (Exception exception) when (exception is SpawnFailedException or LandlockUnavailableException or InvalidOperationException)
        {
            throw new TargetStartException(exception.Message, exception);
        }
    }
}
