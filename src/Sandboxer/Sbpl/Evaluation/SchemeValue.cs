namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// A value of the SBPL interpreter: the TinyScheme data types the corpus uses plus the three SBPL object kinds
/// (operations, filters, modifiers). Values read from a file carry their <see cref="Origin"/>.
/// </summary>
internal abstract class SchemeValue
{
    public SourceRef? Origin { get; init; }

    /// <summary>The type name used in error messages (<c>string</c>, <c>boolean</c>, <c>filter</c>, …).</summary>
    public abstract string TypeName { get; }

    /// <summary>Everything but <c>#f</c> is true.</summary>
    public virtual bool IsTrue => true;

    /// <summary>How the value prints in Scheme notation (for messages and <c>(with …)</c> arguments).</summary>
    public abstract string Display();

    public override string ToString() => Display();
}
