namespace Qulo.Actors.Cli;

public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>start or stop failed, the daemon failed, or its log cannot be written.</summary>
    public const int Failure = 1;
    /// <summary>Bad command line or configuration.</summary>
    public const int Usage = 2;
}
