using Spectre.Console;

namespace Sandboxer.Cli.Rendering;

/// <summary>
/// Spectre consoles over the command's writers. Colour follows the terminal and is off when <c>NO_COLOR</c> is set
/// (any value) or the writer is not the process's console (tests, pipes).
/// </summary>
internal static class Terminal
{
    public static bool ColorDisabled => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    public static IAnsiConsole Create(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var isConsole = ReferenceEquals(writer, Console.Out) || ReferenceEquals(writer, Console.Error);
        var redirected = ReferenceEquals(writer, Console.Out) ? Console.IsOutputRedirected : Console.IsErrorRedirected;
        var useAnsi = isConsole && !redirected && !ColorDisabled;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = useAnsi ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = useAnsi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = useAnsi ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }
}
