namespace Qulo.Actors.Carbon;

/// <summary>Random access to datapoints by position, so frames are encoded straight from where points are kept.</summary>
internal interface IDatapointSource
{
    ReadOnlySpan<byte> PathUtf8(long position);
    double Timestamp(long position);
    double Value(long position);
}
