namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>The text shapes a sandbox report line can come in (docs/macos-runtime.md §2.3, §2.5, Appendix A).</summary>
internal enum TextLogStyle
{
    /// <summary><c>log --style syslog</c>: <c>2023-05-26 13:42:44.136082+0200  localhost kernel[0]: (Sandbox) …</c>.</summary>
    Syslog,

    /// <summary><c>log --style compact</c>: <c>2026-08-19 16:07:01.452 E  kernel[0:2232b] (Sandbox) …</c>.</summary>
    Compact,

    /// <summary><c>log</c> default style (<c>Timestamp Thread Type Activity PID TTL</c>), possibly with the leading columns cut.</summary>
    Default,

    /// <summary>A Console.app export: type, time, process and message separated by tabs.</summary>
    Console,

    /// <summary>Pre-unified-logging ASL/BSD syslog (<c>kernel[0] &lt;Notice&gt;: …</c>, <c>sandboxd[127]([6424]): …</c>).</summary>
    Asl,

    /// <summary>A bare report message (<c>Sandbox: …</c>, optionally after <c>kernel: </c>, <c>(Sandbox) </c> or Xcode's <c>error: </c>).</summary>
    Bare,
}
