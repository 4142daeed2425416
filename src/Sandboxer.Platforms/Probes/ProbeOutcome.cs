namespace Sandboxer.Platforms.Probes;

/// <summary>What a negative probe found.</summary>
public enum ProbeOutcome
{
    /// <summary>The sandbox refused the attempt.</summary>
    Blocked,

    /// <summary>The attempt succeeded: the profile lets a program do this.</summary>
    Leaked,

    /// <summary>No helper the profile lets run could make the attempt; the verdict rests on the profile's decision.</summary>
    BlockedCouldNotExecute,
}
