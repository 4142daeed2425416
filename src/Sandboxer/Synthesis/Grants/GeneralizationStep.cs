namespace Sandboxer.Synthesis.Grants;

/// <summary>Why a rule has the shape it has. Every step other than <see cref="Observed"/> is a generalization with evidence.</summary>
public enum GeneralizationStep
{
    /// <summary>Exactly what was observed (literal path, name, port).</summary>
    Observed,

    /// <summary>The run's private temporary directory, fresh for every run.</summary>
    TemporaryDirectory,

    /// <summary>A known read-only system location (library directory, zoneinfo, certificates).</summary>
    SystemLocation,

    /// <summary>The install tree of a program that was executed (its own files).</summary>
    InstallTree,

    /// <summary>Names that differed between runs in one directory (temporary names, hashes).</summary>
    VaryingNames,

    /// <summary>A directory the program listed and whose entries it read.</summary>
    DirectoryContents,

    /// <summary>A directory the program created: its output.</summary>
    ProgramOutput,

    /// <summary>More files in one directory than the literal threshold.</summary>
    ManyFiles,

    /// <summary>A sensitive location the program really used: allowed as a literal only, and flagged.</summary>
    Sensitive,

    /// <summary>Something every program on this platform needs (the platform base).</summary>
    PlatformBase,

    /// <summary>
    /// Linux only: a right Landlock grants per directory (creating, removing, listing, writing new files), widened from
    /// the observed entries to their directory inside the project so the profile is enforceable as written.
    /// </summary>
    LandlockGranularity,
}
