using System.Threading.Channels;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>A running <c>/usr/bin/log stream</c>: its stdout lines as they come, and a way to stop it.</summary>
internal interface IMacLogStream : IAsyncDisposable
{
    /// <summary>Stdout lines; completes when the stream process has ended and everything it printed was read.</summary>
    ChannelReader<string> Lines { get; }

    /// <summary>
    /// Interrupts the stream (SIGINT, like Ctrl-C, so <c>log</c> prints its <c>{"count":N,"finished":1}</c> trailer),
    /// waits up to <paramref name="drainTimeout"/> for it to finish, kills it otherwise. <see cref="Lines"/> is
    /// complete when this returns.
    /// </summary>
    Task<MacProcessResult> StopAsync(TimeSpan drainTimeout);
}
