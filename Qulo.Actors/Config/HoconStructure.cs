namespace Qulo.Actors.Config;

/// <summary>
/// Akka's built-in HOCON parser accepts unbalanced braces and unclosed strings silently, so this pass
/// finds them first and names the file and line, before a broken file turns into wrong settings.
/// It also blanks a comma that follows a closing brace (<c>a { x = 1 }, b { y = 2 }</c>): HOCON allows
/// it as a field separator, Akka's parser rejects it, and a blank separates fields just the same.
/// </summary>
internal static class HoconStructure
{
    /// <returns>The text for Akka's parser: <paramref name="text"/> with the commas after closing braces blanked.</returns>
    public static string Check(string file, string text)
    {
        char[]? normalized = null;
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
                    if (c == '}' && CommaAfter(text, i) is var comma and >= 0) (normalized ??= text.ToCharArray())[comma] = ' ';
                    break;
            }
        }
        if (open.Count > 0)
            throw new ConfigException($"{file}:{open.Peek().Line}: HOCON syntax error: '{open.Peek().Bracket}' is never closed");
        return normalized is null ? text : new string(normalized);
    }

    /// <summary>The index of a comma that follows position <paramref name="i"/> on the same line after blanks only, else -1.</summary>
    private static int CommaAfter(string text, int i)
    {
        var next = i + 1;
        while (At(text, next) is ' ' or '\t') next++;
        return At(text, next) == ',' ? next : -1;
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
