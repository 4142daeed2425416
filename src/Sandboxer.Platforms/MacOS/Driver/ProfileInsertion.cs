namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>Text Sandboxer added to a line of the executed profile (a run tag), in executed-text coordinates.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column where the inserted text starts.</param>
/// <param name="Length">Length of the inserted text (it never contains a line break).</param>
internal sealed record ProfileInsertion(int Line, int Column, int Length);
