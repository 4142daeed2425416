using Sandboxer.Synthesis.Generalization;

namespace Sandboxer.Tests.Synthesis;

/// <summary>A small fixed catalogue of secrets under a HOME, for synthesis tests.</summary>
internal sealed class FakeSensitivity(string home) : ISensitivityCheck
{
    private readonly string[] _locations = [home + "/.ssh", home + "/.aws", home + "/.bashrc", home + "/.config/gh", "/etc/shadow"];

    public string? Classify(string absolutePath) =>
        _locations.FirstOrDefault(l => absolutePath == l || absolutePath.StartsWith(l + "/", StringComparison.Ordinal)) is { } hit
            ? "secret " + hit
            : null;

    public string? ClassifyFor(string absolutePath, PathRole role) =>
        role == PathRole.Read && absolutePath.EndsWith("/.bashrc", StringComparison.Ordinal) ? null : Classify(absolutePath);

    public string? FindInside(string absoluteDirectory) =>
        _locations.FirstOrDefault(l => l.StartsWith(absoluteDirectory.TrimEnd('/') + "/", StringComparison.Ordinal));
}
