using Sandboxer.Synthesis.Grants;

namespace Sandboxer.Synthesis.Generalization;

/// <summary>One pattern the generalizer chose, the step that produced it, the reason in words, and its evidence.</summary>
public sealed record GeneralizedPattern(PathPattern Pattern, GeneralizationStep Step, string Reason, Evidence Evidence);
