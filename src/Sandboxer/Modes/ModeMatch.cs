namespace Sandboxer.Modes;

/// <summary>How the generated script finds the mode in the arguments it is given.</summary>
public abstract record ModeMatch
{
    private protected ModeMatch()
    {
    }

    /// <summary>Which argument is the mode, as a phrase for the script's header ("the mode is …").</summary>
    public abstract string Describe();
}
