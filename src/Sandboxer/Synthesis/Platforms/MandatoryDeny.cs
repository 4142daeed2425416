using Sandboxer.Analysis;
using Sandboxer.Collections;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Synthesis.Platforms;

/// <summary>A deny every generated profile carries, whatever was observed: the operations, the path, and the catalogue entry saying why.</summary>
internal sealed record MandatoryDeny(SensitiveLocation Location, EquatableArray<string> Operations, PathFilter Filter);
