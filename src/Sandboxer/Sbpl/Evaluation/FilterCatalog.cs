using System.Collections.Frozen;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>How a filter's arguments are read and which <see cref="Filter"/> it builds.</summary>
internal enum FilterKind
{
    /// <summary>A path pattern: <see cref="PathFilter"/>.</summary>
    Path,

    /// <summary>A name pattern: <see cref="NameFilter"/>.</summary>
    Name,

    /// <summary>String arguments: <see cref="AttributeFilter"/>.</summary>
    AttributeString,

    /// <summary>Integer or named-constant arguments: <see cref="AttributeFilter"/>.</summary>
    AttributeInteger,

    /// <summary><c>#t</c>/<c>#f</c> arguments: <see cref="AttributeFilter"/>.</summary>
    AttributeBoolean,
}

/// <summary>One filter name: how it reads its arguments and what it builds.</summary>
/// <param name="Name">The name as written (<c>literal</c>, <c>global-name-prefix</c>).</param>
/// <param name="Kind">Argument kind.</param>
/// <param name="BaseName">The base filter, used in messages and as the name/attribute kind (<c>path</c>, <c>global-name</c>).</param>
/// <param name="PathMatch">For <see cref="FilterKind.Path"/>.</param>
/// <param name="NameMatch">For <see cref="FilterKind.Name"/>.</param>
/// <param name="AllowedNames">Named constants the filter accepts, when it has a short fixed list.</param>
internal sealed record FilterSpec(
    string Name,
    FilterKind Kind,
    string BaseName,
    PathMatch PathMatch = PathMatch.Literal,
    NameMatch NameMatch = NameMatch.Exact,
    FrozenSet<string>? AllowedNames = null);

/// <summary>
/// The filters of libsandbox 10.15 (SIMBPLE <c>catalina/filters.c</c>) with their derived <c>-prefix</c>,
/// <c>-regex</c> and <c>subpath</c> names and the <c>sbpl_v1.scm</c> aliases, plus filters seen in newer
/// profiles (<c>mac-policy-name</c>, <c>mac-syscall-number</c>). Network filters, combinators and the helper
/// forms (<c>path-ancestors</c>, <c>(tty)</c>, entitlements) are in <see cref="FilterProcedures"/>.
/// </summary>
internal static class FilterCatalog
{
    /// <summary>Filters modelled as <see cref="NameFilter"/>: each gets exact, <c>-prefix</c> and <c>-regex</c> forms.</summary>
    private static readonly string[] NameFamilies =
    [
        "global-name", "local-name", "xpc-service-name", "ipc-posix-name", "sysctl-name", "preference-domain",
        "iokit-registry-entry-class", "iokit-property", "iokit-connection", "notification-name", "right-name", "xattr",
        "control-name", "kext-bundle-id", "info-type", "nvram-variable", "filesystem-name", "boot-arg",
        "appleevent-destination", "mac-policy-name",
    ];

    /// <summary>String-pattern filters modelled as <see cref="AttributeFilter"/>, with <c>-prefix</c>/<c>-regex</c> forms.</summary>
    private static readonly string[] AttributePatternFamilies =
    [
        "extension-class", "signing-identifier", "target-signing-identifier", "ancestor-signing-identifier",
    ];

    /// <summary>Filters taking literal strings only.</summary>
    private static readonly string[] AttributeLiterals =
    [
        "extension", "device-conforms-to", "storage-class", "require-ancestor-with-entitlement",
        "require-target-with-entitlement",
    ];

    /// <summary>Filters taking integers or named constants.</summary>
    private static readonly string[] AttributeIntegers =
    [
        "vnode-type", "target", "socket-domain", "socket-type", "socket-protocol", "fsctl-command", "ioctl-command",
        "system-attribute", "semaphore-owner", "privilege-id", "process-attribute", "uid", "csr", "host-special-port",
        "signal-number", "file-attribute", "iokit-usb-interface-class", "iokit-usb-interface-subclass", "persona-type",
        "syscall-number", "syscall-mask", "iokit-registry-entry-attribute", "device-major", "device-minor", "file-mode",
        "reboot-flags", "mac-syscall-number",
    ];

    /// <summary>Filters taking booleans.</summary>
    private static readonly string[] AttributeBooleans =
    [
        "notification-payload", "rootless-boot-device-filter", "rootless-disk-filter", "datavault-disk-filter",
        "extension-path-ancestor", "storage-class-extension", "user-intent-extension",
    ];

    public static FrozenDictionary<string, FilterSpec> All { get; } = Build();

    private static FrozenDictionary<string, FilterSpec> Build()
    {
        var specs = new Dictionary<string, FilterSpec>(StringComparer.Ordinal);
        void Add(FilterSpec spec) => specs[spec.Name] = spec;

        foreach (var (name, match) in new[]
        {
            ("path", PathMatch.Literal), ("literal", PathMatch.Literal), ("path-literal", PathMatch.Literal),
            ("subpath", PathMatch.Subpath), ("path-prefix", PathMatch.Prefix), ("prefix", PathMatch.Prefix),
            ("path-regex", PathMatch.Regex), ("regex", PathMatch.Regex),
        })
        {
            Add(new FilterSpec(name, FilterKind.Path, "path", PathMatch: match));
        }

        foreach (var family in NameFamilies)
        {
            AddNameFamily(Add, family, family);
        }

        AddNameFamily(Add, "iokit-user-client-class", "iokit-registry-entry-class");

        foreach (var family in AttributePatternFamilies)
        {
            Add(new FilterSpec(family, FilterKind.AttributeString, family));
            Add(new FilterSpec(family + "-prefix", FilterKind.AttributeString, family + "-prefix"));
            Add(new FilterSpec(family + "-regex", FilterKind.AttributeString, family + "-regex"));
        }

        foreach (var (name, canonical) in new[]
        {
            ("process-path", "process-path"), ("process-path-prefix", "process-path-prefix"),
            ("process-path-regex", "process-path-regex"), ("process-subpath", "process-subpath"),
            ("mount-relative-path", "mount-relative-path"), ("mount-relative-literal", "mount-relative-path"),
            ("mount-relative-path-prefix", "mount-relative-path-prefix"), ("mount-relative-path-regex", "mount-relative-path-regex"),
            ("mount-relative-regex", "mount-relative-path-regex"), ("mount-relative-subpath", "mount-relative-subpath"),
        })
        {
            Add(new FilterSpec(name, FilterKind.AttributeString, canonical));
        }

        foreach (var name in AttributeLiterals)
        {
            Add(new FilterSpec(name, FilterKind.AttributeString, name));
        }

        Add(new FilterSpec("granted-extensions", FilterKind.AttributeString, "extension"));

        foreach (var name in AttributeIntegers)
        {
            var allowed = name switch
            {
                "vnode-type" => NamedArguments.VnodeTypes,
                "target" => NamedArguments.Targets,
                _ => null,
            };
            Add(new FilterSpec(name, FilterKind.AttributeInteger, name, AllowedNames: allowed));
        }

        foreach (var name in AttributeBooleans)
        {
            Add(new FilterSpec(name, FilterKind.AttributeBoolean, name));
        }

        return specs.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void AddNameFamily(Action<FilterSpec> add, string written, string kind)
    {
        add(new FilterSpec(written, FilterKind.Name, kind, NameMatch: NameMatch.Exact));
        add(new FilterSpec(written + "-prefix", FilterKind.Name, kind, NameMatch: NameMatch.Prefix));
        add(new FilterSpec(written + "-regex", FilterKind.Name, kind, NameMatch: NameMatch.Regex));
    }
}
