using System.Globalization;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// Reads the <c>"HOST:PORT"</c> of <c>(local|remote PROTO "HOST:PORT")</c>. Seatbelt only knows <c>*</c> and
/// <c>localhost</c> as hosts (a literal IP is rejected when the profile is compiled, as on macOS); the port is
/// a number from 0 to 65535 or <c>*</c>.
/// </summary>
internal static class NetworkAddress
{
    public static (NetworkHost Host, int? Port) Parse(string address, SourceLocation? location, EvaluationSession session)
    {
        var colon = address.LastIndexOf(':');
        if (colon < 0)
        {
            throw new EvaluationException(
                EvaluationDiagnosticCodes.NetworkAddress,
                $"invalid network address \"{address}\"; expected HOST:PORT such as \"localhost:8080\" or \"*:*\"",
                location);
        }

        var hostText = address[..colon];
        var portText = address[(colon + 1)..];
        NetworkHost host;
        switch (hostText)
        {
            case "*":
                host = NetworkHost.Any;
                break;
            case "localhost":
                host = NetworkHost.Localhost;
                break;
            case "local":
                session.Warn(
                    EvaluationDiagnosticCodes.UndocumentedNetworkHost,
                    $"host `local` in network address \"{address}\" is not documented (only * and localhost are); read as localhost",
                    location);
                host = NetworkHost.Localhost;
                break;
            default:
                throw new EvaluationException(
                    EvaluationDiagnosticCodes.NetworkHost,
                    $"host must be * or localhost in network address \"{address}\"",
                    location);
        }

        if (portText == "*")
        {
            return (host, null);
        }

        if (portText.Length is > 0 and <= 5 && portText.All(char.IsAsciiDigit)
            && int.Parse(portText, CultureInfo.InvariantCulture) is var port and <= 65535)
        {
            return (host, port);
        }

        throw new EvaluationException(
            EvaluationDiagnosticCodes.NetworkAddress,
            $"invalid port `{portText}` in network address \"{address}\"; expected a number from 0 to 65535 or *",
            location);
    }
}
