using System.Text;
using Sandboxer.Analysis;
using Sandboxer.Sbpl.Text;
using Sandboxer.Synthesis;
using Sandboxer.Synthesis.Rendering;

namespace Sandboxer.Platforms.Profiling.MacOS;

/// <summary>
/// The profile of the macOS observation run, the inventory (docs/macos.md): <c>(allow default (with report))</c>, so
/// the kernel reports every access the program makes while letting it proceed, and one run shows — as a lower bound —
/// what the deny-default loop would otherwise learn one failing access per run. The mandatory denies still apply (not
/// even observation hands the program the keychains or lets it plant a LaunchAgent); like every deny rule they carry
/// the run's tag once <c>ExecutedProfile</c> has added it.
/// </summary>
internal static class MacOSInventoryProfile
{
    /// <summary>The inventory's name in messages (it is never a file the user wrote).</summary>
    public const string SourceName = "<macOS inventory profile>";

    public static SourceText Build()
    {
        var text = new StringBuilder();
        text.Append("(version 1)\n");
        text.Append(";; Sandboxer inventory run: every access is allowed and reported, except the mandatory denies below\n");
        text.Append("(allow default (with report))\n");
        foreach (var group in MandatoryDenySet.For(TargetPlatform.MacOS).GroupBy(d => d.DenyRead).OrderBy(g => g.Key))
        {
            text.Append(group.Key ? "(deny file-read* file-write*" : "(deny file-write*");
            foreach (var entry in group.OrderBy(e => e.Path))
            {
                text.Append("\n    ;; ").Append(SbplExpressions.ForComment(entry.Reason));
                text.Append("\n    ").Append(SbplExpressions.PathForm(entry.IsDirectory ? "subpath" : "literal", entry.Path));
            }

            text.Append(")\n");
        }

        return new SourceText(text.ToString(), SourceName);
    }
}
