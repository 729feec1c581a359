namespace Qulo.Actors.Config;

/// <summary>A configuration the program cannot run with; the message says what and where, for the admin to fix.</summary>
public sealed class ConfigException(string message) : Exception(message);
