namespace Sandboxer.Platforms.Processes;

/// <summary>
/// Starts a long-running target's exercise command on the host (<c>/bin/sh -c COMMAND</c>, outside any sandbox) in
/// <paramref name="workingDirectory"/>, stopped after <paramref name="timeout"/>; <paramref name="ended"/> is called once
/// it has ended. Throws <see cref="TargetStartException"/> when it cannot be started.
/// </summary>
internal delegate IExerciseRun ExerciseStarter(string command, string workingDirectory, TimeSpan timeout, Action ended);

/// <summary>A running exercise command (<see cref="ExerciseStarter"/>).</summary>
internal interface IExerciseRun : IDisposable
{
    bool HasEnded { get; }

    /// <summary>Stops it before it has finished (the target ended, or the run was interrupted): SIGTERM, then its tree is cleaned up.</summary>
    void Stop();

    /// <summary>Waits for it to end and says how it went, with the end of its output.</summary>
    ExerciseResult Collect();
}
