namespace Sandboxer.Sbpl.Evaluation;

/// <summary>A frame of variable bindings with a link to the enclosing frame (the global frame has none).</summary>
internal sealed class SchemeEnvironment(SchemeEnvironment? parent)
{
    private readonly Dictionary<string, SchemeValue> _bindings = new(StringComparer.Ordinal);

    public SchemeEnvironment? Parent { get; } = parent;

    public void Define(string name, SchemeValue value) => _bindings[name] = value;

    public bool TryLookup(string name, out SchemeValue value)
    {
        for (var frame = this; frame is not null; frame = frame.Parent)
        {
            if (frame._bindings.TryGetValue(name, out value!))
            {
                return true;
            }
        }

        value = SchemeUnspecified.Instance;
        return false;
    }

    /// <summary>Rebinds an existing variable in the nearest frame that has it; false when there is none.</summary>
    public bool TrySet(string name, SchemeValue value)
    {
        for (var frame = this; frame is not null; frame = frame.Parent)
        {
            if (frame._bindings.ContainsKey(name))
            {
                frame._bindings[name] = value;
                return true;
            }
        }

        return false;
    }
}
