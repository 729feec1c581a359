using System.Buffers.Binary;
using System.Globalization;
using Qulo.Actors.Metrics;
using Qulo.Tests.Support.Graphite;

namespace Qulo.Tests.Carbon;

/// <summary>Decodes a file of carbon frames with CPython's own pickle module, exactly as carbon's receiver would.</summary>
internal static class CPythonFrameReader
{
    /// <summary>Each frame's length prefix and the datapoints CPython unpickled from it (floats compared bit for bit).</summary>
    public static IReadOnlyList<(int PickleBytes, IReadOnlyList<Metric> Points)> Read(byte[] frames)
    {
        var file = Path.Combine(Path.GetTempPath(), $"qulo-frames-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(file, frames);
        try
        {
            const string script = """
import pickle, struct, sys
data = open(sys.argv[1], 'rb').read()
at = 0
while at < len(data):
    (length,) = struct.unpack('!L', data[at:at + 4])
    points = pickle.loads(data[at + 4:at + 4 + length])
    assert isinstance(points, list), type(points)
    print('frame', length)
    for (path, (timestamp, value)) in points:
        assert isinstance(path, str) and isinstance(timestamp, float) and isinstance(value, float)
        print('point', path, struct.pack('>d', timestamp).hex(), struct.pack('>d', value).hex())
    at += 4 + length
""";
            var result = new List<(int, IReadOnlyList<Metric>)>();
            List<Metric>? current = null;
            foreach (var line in Python.Run(script, file).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var fields = line.Split(' ');
                if (fields[0] == "frame")
                {
                    current = [];
                    result.Add((int.Parse(fields[1], CultureInfo.InvariantCulture), current));
                }
                else current!.Add(new Metric(fields[1], FromHex(fields[2]), FromHex(fields[3])));
            }
            return result;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static double FromHex(string hex) => BinaryPrimitives.ReadDoubleBigEndian(Convert.FromHexString(hex));
}
