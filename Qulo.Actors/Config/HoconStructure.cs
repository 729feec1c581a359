namespace Qulo.Actors.Config;

/// <summary>
/// Akka's built-in HOCON parser accepts unbalanced braces and unclosed strings silently, so this pass
/// finds them first and names the file and line, before a broken file turns into wrong settings.
/// </summary>
internal static class HoconStructure
{
    public static void Check(string file, string text)
    {
        var open = new Stack<(char Bracket, int Line)>();
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n': line++; break;
                case '#': i = EndOfLine(text, i); i--; break;
                case '/' when At(text, i + 1) == '/': i = EndOfLine(text, i); i--; break;
                case '"': i = EndOfString(file, text, i, ref line); break;
                case '{' or '[': open.Push((c, line)); break;
                case '}' or ']':
                    var expected = c == '}' ? '{' : '[';
                    if (open.Count == 0 || open.Peek().Bracket != expected)
                        throw new ConfigException($"{file}:{line}: HOCON syntax error: unexpected '{c}'" +
                            (open.Count > 0 ? $" ('{open.Peek().Bracket}' opened at line {open.Peek().Line} is not closed)" : ""));
                    open.Pop();
                    break;
            }
        }
        if (open.Count > 0)
            throw new ConfigException($"{file}:{open.Peek().Line}: HOCON syntax error: '{open.Peek().Bracket}' is never closed");
    }

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';

    private static int EndOfLine(string text, int i)
    {
        var end = text.IndexOf('\n', i);
        return end < 0 ? text.Length : end;
    }

    /// <summary>Returns the index of the closing quote; counts newlines inside triple-quoted strings.</summary>
    private static int EndOfString(string file, string text, int start, ref int line)
    {
        if (text.AsSpan(start).StartsWith("\"\"\""))
        {
            var close = text.IndexOf("\"\"\"", start + 3, StringComparison.Ordinal);
            if (close < 0) throw new ConfigException($"{file}:{line}: HOCON syntax error: \"\"\" string is never closed");
            line += text.AsSpan(start, close - start).Count('\n');
            return close + 2;
        }
        for (var i = start + 1; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\': i++; break;
                case '"': return i;
                case '\n': throw new ConfigException($"{file}:{line}: HOCON syntax error: string is not closed on its line");
            }
        }
        throw new ConfigException($"{file}:{line}: HOCON syntax error: string is never closed");
    }
}
