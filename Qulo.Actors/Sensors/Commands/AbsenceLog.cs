using Serilog;

namespace Qulo.Actors.Sensors.Commands;

/// <summary>
/// Says once, at DEBUG, why a sensor finds nothing to read on this node (no driver, no squeue, controller
/// unreachable). The sensor actor already says at INFO, once, that the sensor has nothing to report; a
/// missing tool is a fact about the node, not a fault, so it is neither repeated nor raised as an error.
/// </summary>
internal sealed class AbsenceLog(string sensor)
{
    private bool _said;

    public void Say(string reason)
    {
        if (_said) return;
        _said = true;
        Log.Debug("{Sensor} has nothing to read on this node: {Reason}", sensor, reason);
    }
}
