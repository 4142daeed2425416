namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>How a captured macOS sandbox log is framed.</summary>
internal enum SandboxLogFormat
{
    /// <summary><c>log stream|show --style ndjson</c> (preferred: provenance is checked, tags are unambiguous).</summary>
    Ndjson,

    /// <summary>Any text style: <c>syslog</c>, <c>compact</c>, default, Console export, ASL, bare report lines.</summary>
    Text,
}
