namespace Qulo.Actors.Carbon;

/// <summary>
/// Timings of one carbon connection, fixed in code (tests shorten them).
/// </summary>
/// <param name="ConnectTimeout">A connect attempt that takes longer fails.</param>
/// <param name="MinBackoff">First wait before reconnecting; doubles per failed attempt up to <paramref name="MaxBackoff"/>.</param>
/// <param name="ReplayBytes">
/// Written points are kept to be written again if the connection is lost, since bytes the kernel
/// accepted may never have been read by a carbon that was stopping (whisper keeps one value per slot,
/// so a replayed point overwrites itself). A point is forgotten once this many bytes were written
/// after it on the same connection: more than the two kernels can hold between us and carbon (Linux:
/// a 4 MiB send buffer, a receive window up to 32 MiB), so carbon has read it...
/// </param>
/// <param name="ReplayWindow">... or once the connection stayed up this long after it was written (carbon reads promptly).</param>
/// <param name="WriteChunkBytes">Frames are gathered into one socket write up to about this size.</param>
public sealed record ConnectionTuning(
    TimeSpan ConnectTimeout, TimeSpan MinBackoff, TimeSpan MaxBackoff, long ReplayBytes, TimeSpan ReplayWindow, int WriteChunkBytes)
{
    public static readonly ConnectionTuning Default = new(
        ConnectTimeout: TimeSpan.FromSeconds(5),
        MinBackoff: TimeSpan.FromMilliseconds(100),
        MaxBackoff: TimeSpan.FromSeconds(5),
        ReplayBytes: 40L * 1024 * 1024,
        ReplayWindow: TimeSpan.FromSeconds(30),
        WriteChunkBytes: 256 * 1024);

    /// <summary>The wait after <paramref name="current"/>: doubled, capped.</summary>
    public TimeSpan NextBackoff(TimeSpan current) =>
        current < MinBackoff ? MinBackoff : TimeSpan.FromTicks(Math.Min(current.Ticks * 2, MaxBackoff.Ticks));
}
