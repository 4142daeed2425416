using System.Collections.Immutable;
using System.Globalization;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Syntax;

/// <summary>
/// One token with the trivia around it. <see cref="LeadingTrivia"/> is everything between the previous token's
/// trailing trivia and this token; <see cref="TrailingTrivia"/> is what follows on the same line, up to and
/// including its line break.
/// </summary>
public sealed class SyntaxToken
{
    private readonly object? _value;

    internal SyntaxToken(
        SyntaxKind kind,
        TextSpan span,
        string text,
        ImmutableArray<SyntaxTrivia> leadingTrivia,
        ImmutableArray<SyntaxTrivia> trailingTrivia,
        object? value,
        bool isMissing = false)
    {
        Kind = kind;
        Span = span;
        Text = text;
        LeadingTrivia = leadingTrivia;
        TrailingTrivia = trailingTrivia;
        _value = value;
        IsMissing = isMissing;
    }

    public SyntaxKind Kind { get; }

    /// <summary>The token's own text, without trivia.</summary>
    public TextSpan Span { get; }

    public string Text { get; }

    public ImmutableArray<SyntaxTrivia> LeadingTrivia { get; }

    public ImmutableArray<SyntaxTrivia> TrailingTrivia { get; }

    /// <summary>True for a zero-width token the parser inserted, such as the <c>)</c> of an unbalanced list.</summary>
    public bool IsMissing { get; }

    /// <summary>The span including leading and trailing trivia.</summary>
    public TextSpan FullSpan
    {
        get
        {
            var start = LeadingTrivia.IsEmpty ? Span.Start : LeadingTrivia[0].Span.Start;
            var end = TrailingTrivia.IsEmpty ? Span.End : TrailingTrivia[^1].Span.End;
            return TextSpan.FromBounds(start, end);
        }
    }

    /// <summary>The decoded value of a <see cref="SyntaxKind.StringLiteral"/>, <see cref="SyntaxKind.RawStringLiteral"/> or
    /// <see cref="SyntaxKind.CharacterLiteral"/> token, or the name of a <see cref="SyntaxKind.Symbol"/>.</summary>
    public string? StringValue => _value as string;

    /// <summary>The value of an <see cref="SyntaxKind.IntegerLiteral"/> token.</summary>
    public long? IntegerValue => _value as long?;

    /// <summary>The value of a <see cref="SyntaxKind.BooleanLiteral"/> token.</summary>
    public bool? BooleanValue => _value as bool?;

    public bool HasComments => LeadingTrivia.Any(t => t.IsComment) || TrailingTrivia.Any(t => t.IsComment);

    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var trivia in LeadingTrivia)
        {
            writer.Write(trivia.Text);
        }

        writer.Write(Text);
        foreach (var trivia in TrailingTrivia)
        {
            writer.Write(trivia.Text);
        }
    }

    public string ToFullString()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(writer);
        return writer.ToString();
    }

    public override string ToString() => Text;
}
