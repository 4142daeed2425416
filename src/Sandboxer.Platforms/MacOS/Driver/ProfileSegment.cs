namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>One user profile file inside the concatenated profile: lines <see cref="FirstLine"/>… of the whole.</summary>
/// <param name="Path">The user's file.</param>
/// <param name="FirstLine">1-based line of the concatenated text where the file starts.</param>
/// <param name="LineCount">How many lines of the concatenated text it spans.</param>
internal sealed record ProfileSegment(string Path, int FirstLine, int LineCount);
