namespace Sandboxer.Analysis;

public enum SensitiveCategory
{
    /// <summary>Credentials and tokens of developer tools and clouds.</summary>
    Credentials,

    /// <summary>Password stores and keychains.</summary>
    Keychain,

    /// <summary>Browser profiles: cookies, saved passwords, history.</summary>
    Browser,

    /// <summary>Mail, messages, photos and other personal data.</summary>
    PersonalData,

    /// <summary>Shell history, which often holds pasted tokens.</summary>
    History,

    /// <summary>Shell start-up files: writing them runs code in every new shell.</summary>
    ShellStartup,

    /// <summary>Places that start programs automatically (launch agents, systemd units, cron, git hooks).</summary>
    Persistence,

    /// <summary>System password databases and privilege configuration.</summary>
    SystemSecrets,
}
