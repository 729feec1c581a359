using System.Diagnostics;

namespace Qulo.Tests.Support;

internal static class Wait
{
    /// <summary>Polls until <paramref name="condition"/> holds or a minute has passed; whether it held.</summary>
    public static bool Until(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(1)) return false;
            Thread.Sleep(250);
        }
        return true;
    }
}
