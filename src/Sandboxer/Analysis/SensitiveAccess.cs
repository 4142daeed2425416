namespace Sandboxer.Analysis;

/// <summary>Which access to a sensitive location is the threat.</summary>
[Flags]
public enum SensitiveAccess
{
    /// <summary>Reading it discloses secrets.</summary>
    Read = 1,

    /// <summary>Writing it plants persistence or tampers with credentials.</summary>
    Write = 2,

    ReadWrite = Read | Write,
}
