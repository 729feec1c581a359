namespace Qulo.Actors.Config;

/// <summary>A setting as the program will use it, and where it came from ("default" or file:line), for `check`.</summary>
public sealed record EffectiveSetting(string Key, string Value, string Origin);
