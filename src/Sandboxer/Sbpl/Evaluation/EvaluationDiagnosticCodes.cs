namespace Sandboxer.Sbpl.Evaluation;

/// <summary>Stable codes of interpreter diagnostics: <c>SBPL2xxx</c> for evaluation, <c>SBPL31xx</c> for policy
/// problems the interpreter finds while building rules (unknown operations, network addresses).</summary>
public static class EvaluationDiagnosticCodes
{
    public const string UnboundVariable = "SBPL2001";
    public const string UnknownFilter = "SBPL2002";
    public const string WrongType = "SBPL2003";
    public const string WrongArgumentCount = "SBPL2004";

    /// <summary>A <c>(param "X")</c> that is not defined was used where a value is needed.</summary>
    public const string MissingParameter = "SBPL2005";
    public const string NoVersion = "SBPL2006";
    public const string BadVersion = "SBPL2007";
    public const string ImportNotFound = "SBPL2008";
    public const string ImportCycle = "SBPL2009";

    /// <summary>Warning: an Apple system profile (<c>system.sb</c>, <c>bsd.sb</c>, …) is not on this machine.</summary>
    public const string UnresolvedSystemImport = "SBPL2010";

    /// <summary>Warning: a name is undefined after an unresolved system import that probably defines it.</summary>
    public const string UndefinedAfterUnresolvedImport = "SBPL2011";
    public const string LimitExceeded = "SBPL2012";
    public const string InvalidRuleArgument = "SBPL2013";
    public const string UnknownModifier = "SBPL2014";
    public const string BadSyntax = "SBPL2015";
    public const string UserError = "SBPL2016";
    public const string NotAProcedure = "SBPL2017";
    public const string Arithmetic = "SBPL2018";

    /// <summary>Warning: a deprecated modifier (<c>no-callout</c>, <c>partial-symbolication</c>) is ignored.</summary>
    public const string DeprecatedModifier = "SBPL2019";
    public const string InvalidFilterArgument = "SBPL2021";
    public const string ImportHasErrors = "SBPL2022";
    public const string CannotReadFile = "SBPL2023";
    public const string InternalError = "SBPL2099";

    /// <summary>Warning: an operation the catalogue does not know (accepted: newer macOS versions add operations).</summary>
    public const string UnknownOperation = "SBPL3101";

    /// <summary>A network address whose host is neither <c>*</c> nor <c>localhost</c>.</summary>
    public const string NetworkHost = "SBPL3102";

    /// <summary>Warning: the undocumented host <c>local</c> (SwiftPM writes it), read as <c>localhost</c>.</summary>
    public const string UndocumentedNetworkHost = "SBPL3103";

    /// <summary>A malformed network address or port.</summary>
    public const string NetworkAddress = "SBPL3104";
}
