using Sandboxer.Collections;
using static Sandboxer.Analysis.SensitiveAccess;
using static Sandboxer.Analysis.SensitiveCategory;

namespace Sandboxer.Analysis;

/// <summary>
/// The catalogue of secrets and persistence points a sandbox must keep a program away from, for macOS and Linux.
/// The linter checks that a profile denies them, the synthesizer never generalizes into them, and the probes plant
/// canaries in them.
/// </summary>
public static class SensitiveLocations
{
    private const TargetPlatform Mac = TargetPlatform.MacOS;
    private const TargetPlatform Linux = TargetPlatform.Linux;
    private const TargetPlatform Both = TargetPlatform.Both;

    /// <summary>Every entry, in catalogue order.</summary>
    public static IReadOnlyList<SensitiveLocation> All { get; } =
    [
        Directory("ssh", "~/.ssh", Credentials, ReadWrite, Both, "SSH private keys, and authorized_keys grants log-ins", "id_rsa", "id_ed25519", "config", "authorized_keys"),
        Directory("aws", "~/.aws", Credentials, ReadWrite, Both, "AWS access keys; config can run credential_process commands", "credentials", "config"),
        Directory("gnupg", "~/.gnupg", Credentials, ReadWrite, Both, "GnuPG private keys", "private-keys-v1.d/key.key", "secring.gpg"),
        File("netrc", "~/.netrc", Credentials, ReadWrite, Both, "machine passwords for ftp, curl and git"),
        Directory("gh", "~/.config/gh", Credentials, ReadWrite, Both, "GitHub CLI OAuth tokens", "hosts.yml"),
        File("docker-config", "~/.docker/config.json", Credentials, ReadWrite, Both, "container registry credentials"),
        Directory("kube", "~/.kube", Credentials, ReadWrite, Both, "Kubernetes cluster credentials", "config"),
        File("npmrc", "~/.npmrc", Credentials, ReadWrite, Both, "npm registry auth tokens"),
        File("pypirc", "~/.pypirc", Credentials, ReadWrite, Both, "PyPI upload credentials"),
        File("git-credentials", "~/.git-credentials", Credentials, ReadWrite, Both, "plain-text git passwords and tokens"),
        Directory("gcloud", "~/.config/gcloud", Credentials, ReadWrite, Both, "Google Cloud credentials", "credentials.db", "application_default_credentials.json"),
        Directory("azure", "~/.azure", Credentials, ReadWrite, Both, "Azure CLI tokens", "msal_token_cache.json"),
        File("cargo-credentials", "~/.cargo/credentials.toml", Credentials, ReadWrite, Both, "crates.io API token"),
        File("gem-credentials", "~/.gem/credentials", Credentials, ReadWrite, Both, "RubyGems API key"),
        File("terraform-credentials", "~/.terraform.d/credentials.tfrc.json", Credentials, ReadWrite, Both, "Terraform Cloud API tokens"),
        File("vault-token", "~/.vault-token", Credentials, ReadWrite, Both, "HashiCorp Vault token"),
        Directory("password-store", "~/.password-store", Keychain, ReadWrite, Both, "pass password store", "email.gpg"),
        Directory("op", "~/.config/op", Credentials, ReadWrite, Both, "1Password CLI sessions", "config"),
        Directory("keychains-user", "~/Library/Keychains", Keychain, ReadWrite, Mac, "the user's login keychain", "login.keychain-db"),
        Directory("keychains-system", "/Library/Keychains", Keychain, ReadWrite, Mac, "the system keychain", "System.keychain"),
        Directory("keyrings", "~/.local/share/keyrings", Keychain, ReadWrite, Linux, "GNOME keyring", "login.keyring"),
        Directory("chrome-macos", "~/Library/Application Support/Google/Chrome", Browser, Read, Mac, "Chrome cookies and saved passwords", "Default/Cookies", "Default/Login Data"),
        Directory("firefox-macos", "~/Library/Application Support/Firefox", Browser, Read, Mac, "Firefox cookies, logins and keys", "Profiles/x.default/cookies.sqlite", "Profiles/x.default/logins.json"),
        Directory("safari", "~/Library/Safari", Browser, Read, Mac, "Safari history and browsing data", "History.db"),
        Directory("cookies", "~/Library/Cookies", Browser, Read, Mac, "web session cookies", "Cookies.binarycookies"),
        Directory("chrome-linux", "~/.config/google-chrome", Browser, Read, Linux, "Chrome cookies and saved passwords", "Default/Cookies", "Default/Login Data"),
        Directory("chromium-linux", "~/.config/chromium", Browser, Read, Linux, "Chromium cookies and saved passwords", "Default/Cookies"),
        Directory("firefox-linux", "~/.mozilla/firefox", Browser, Read, Linux, "Firefox cookies, logins and keys", "x.default/cookies.sqlite", "x.default/logins.json"),
        Directory("mail", "~/Library/Mail", PersonalData, Read, Mac, "the user's mail", "V10/MailData/Envelope Index"),
        Directory("messages", "~/Library/Messages", PersonalData, Read, Mac, "iMessage and SMS history", "chat.db"),
        Directory("photos", "~/Pictures/Photos Library.photoslibrary", PersonalData, Read, Mac, "the user's photo library", "database/Photos.sqlite"),
        File("bash-history", "~/.bash_history", History, Read, Both, "shell history often holds pasted tokens"),
        File("zsh-history", "~/.zsh_history", History, Read, Both, "shell history often holds pasted tokens"),
        File("shell-bashrc", "~/.bashrc", ShellStartup, Write, Both, "runs in every interactive bash"),
        File("shell-zshrc", "~/.zshrc", ShellStartup, Write, Both, "runs in every interactive zsh"),
        File("shell-profile", "~/.profile", ShellStartup, Write, Both, "runs in every login shell"),
        File("shell-bash-profile", "~/.bash_profile", ShellStartup, Write, Both, "runs in every bash login shell"),
        File("shell-bash-login", "~/.bash_login", ShellStartup, Write, Both, "runs in bash login shells"),
        File("shell-zprofile", "~/.zprofile", ShellStartup, Write, Both, "runs in every zsh login shell"),
        File("shell-zshenv", "~/.zshenv", ShellStartup, Write, Both, "runs in every zsh, scripts included"),
        File("shell-zlogin", "~/.zlogin", ShellStartup, Write, Both, "runs in every zsh login shell"),
        Directory("shell-fish", "~/.config/fish", ShellStartup, Write, Both, "fish start-up scripts", "config.fish", "conf.d/evil.fish"),
        File("gitconfig", "~/.gitconfig", Persistence, Write, Both, "git aliases, hooks paths and credential helpers run commands"),
        Directory("launch-agents-user", "~/Library/LaunchAgents", Persistence, Write, Mac, "launchd starts these at log-in", "com.example.agent.plist"),
        Directory("launch-agents", "/Library/LaunchAgents", Persistence, Write, Mac, "launchd starts these for every user", "com.example.agent.plist"),
        Directory("launch-daemons", "/Library/LaunchDaemons", Persistence, Write, Mac, "launchd starts these as root at boot", "com.example.daemon.plist"),
        Directory("systemd-user", "~/.config/systemd/user", Persistence, Write, Linux, "systemd starts these user units", "evil.service"),
        Directory("autostart", "~/.config/autostart", Persistence, Write, Linux, "the desktop starts these at log-in", "evil.desktop"),
        Directory("systemd-system", "/etc/systemd/system", Persistence, Write, Linux, "systemd starts these units as root", "evil.service"),
        Directory("cron", "/etc/cron.d", Persistence, Write, Linux, "cron runs these as root", "evil"),
        File("shadow", "/etc/shadow", SystemSecrets, ReadWrite, Linux, "password hashes"),
        File("gshadow", "/etc/gshadow", SystemSecrets, ReadWrite, Linux, "group password hashes"),
        File("master-passwd", "/etc/master.passwd", SystemSecrets, ReadWrite, Mac, "password hashes"),
        File("sudoers", "/etc/sudoers", SystemSecrets, ReadWrite, Both, "who may become root"),
        Directory("sudoers-d", "/etc/sudoers.d", SystemSecrets, Write, Both, "who may become root", "evil"),
        Directory("ssh-host-keys", "/etc/ssh", SystemSecrets, ReadWrite, Both, "SSH host private keys and server configuration", "ssh_host_ed25519_key", "sshd_config"),
    ];

    /// <summary>A stand-in HOME for when none is given: <c>/Users/user</c> on macOS, <c>/home/user</c> on Linux.</summary>
    public static string PlaceholderHome(TargetPlatform platform) => platform == TargetPlatform.Linux ? "/home/user" : "/Users/user";

    /// <summary>The entries that exist on <paramref name="platform"/>.</summary>
    public static IEnumerable<SensitiveLocation> For(TargetPlatform platform) => All.Where(l => (l.Platforms & platform) != 0);

    /// <summary>The most specific entry that <paramref name="path"/> is or is inside, or <see langword="null"/>.</summary>
    public static SensitiveLocation? Match(string path, string home, TargetPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(path);
        return For(platform)
            .Where(l => l.Contains(path, home, platform))
            .OrderByDescending(l => l.Resolve(home, platform).Length)
            .FirstOrDefault();
    }

    /// <summary>True when <paramref name="path"/> is a sensitive location, inside one, or a directory that holds one.</summary>
    public static bool Overlaps(string path, string home, TargetPlatform platform) =>
        Match(path, home, platform) is not null
        || For(platform).Any(l => l.Resolve(home, platform).StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal));

    private static SensitiveLocation Directory(string id, string path, SensitiveCategory category, SensitiveAccess threat, TargetPlatform platforms, string reason, params string[] examples) =>
        new(id, path, IsDirectory: true, category, threat, platforms, reason, [.. examples]);

    private static SensitiveLocation File(string id, string path, SensitiveCategory category, SensitiveAccess threat, TargetPlatform platforms, string reason) =>
        new(id, path, IsDirectory: false, category, threat, platforms, reason, EquatableArray<string>.Empty);
}
