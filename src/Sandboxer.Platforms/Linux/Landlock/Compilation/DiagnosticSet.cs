using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Linux.Landlock.Compilation;

/// <summary>Collects compilation diagnostics, each code reported at most once per rule (or once when ruleless).</summary>
internal sealed class DiagnosticSet
{
    private readonly List<Diagnostic> _items = [];
    private readonly HashSet<(string Code, int Rule, string Key)> _seen = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public void Warning(string code, Rule? rule, string message, string key = "") => Add(code, DiagnosticSeverity.Warning, rule, message, key);

    public void Info(string code, Rule? rule, string message, string key = "") => Add(code, DiagnosticSeverity.Info, rule, message, key);

    private void Add(string code, DiagnosticSeverity severity, Rule? rule, string message, string key)
    {
        if (_seen.Add((code, rule?.Index ?? -1, key)))
        {
            _items.Add(new Diagnostic(code, severity, message, rule?.Location));
        }
    }
}
