namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>What the sandbox decided for a reported operation.</summary>
internal enum SandboxVerdict
{
    /// <summary><c>deny(n)</c>: the operation was refused.</summary>
    Deny,

    /// <summary><c>allow</c> / <c>allow(n)</c>: the operation was allowed and reported (<c>(with report)</c>).</summary>
    Allow,
}
