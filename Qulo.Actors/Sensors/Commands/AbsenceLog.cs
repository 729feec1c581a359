using Serilog;

namespace Qulo.Actors.Sensors.Commands;

/// <summary>
/// Says once, at INFO, that the machine lacks what a sensor reads (no GPU driver, no Slurm): that is a fact
/// about the node, not a fault, so it is neither repeated at every sample nor raised as an error.
/// </summary>
internal sealed class AbsenceLog(string sensor)
{
    private bool _said;

    public void Say(string reason)
    {
        if (_said) return;
        _said = true;
        Log.Information("{Sensor}: nothing to report on this node: {Reason}", sensor, reason);
    }
}
