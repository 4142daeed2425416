using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// The operations that can decide a request for an operation: the operation, then its fallback parents, ending at
/// the first terminal operation (which uses its built-in decision instead of falling back; <c>default</c> is
/// terminal with deny).
/// </summary>
internal static class OperationChain
{
    public static IReadOnlyList<OperationInfo> For(string operation)
    {
        var chain = new List<OperationInfo>();
        var current = OperationCatalog.Get(operation);
        while (true)
        {
            chain.Add(current);
            if (current.IsTerminal || current.Fallback is null || chain.Count > 16)
            {
                return chain;
            }

            current = OperationCatalog.Get(current.Fallback);
        }
    }

    /// <summary>The built-in decision at the end of a chain.</summary>
    public static RuleAction BuiltinAction(OperationInfo last) =>
        last.Terminal == TerminalDefault.Allow ? RuleAction.Allow : RuleAction.Deny;
}
