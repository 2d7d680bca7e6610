using System.Globalization;

namespace AgentMemory.Cli;

/// <summary>A mistake in how the tool was called (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The options one command accepts: which take a value and which are flags, plus short aliases.</summary>
internal sealed class OptionSpec
{
    public HashSet<string> Values { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Flags { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Aliases { get; } = new(StringComparer.Ordinal);

    public OptionSpec Value(params string[] names)
    {
        Values.UnionWith(names);
        return this;
    }

    public OptionSpec Flag(params string[] names)
    {
        Flags.UnionWith(names);
        return this;
    }

    public OptionSpec Alias(string alias, string name)
    {
        Aliases[alias] = name;
        return this;
    }
}

/// <summary>Parsed arguments: positionals in order, option values (the last one wins) and flags.</summary>
internal sealed class ParsedArguments
{
    public List<string> Positionals { get; } = [];
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Flags { get; } = new(StringComparer.Ordinal);

    public bool Has(string flag) => Flags.Contains(flag);

    public string? Get(string name) => Values.TryGetValue(name, out var v) ? v : null;

    public string Require(string name, string why) =>
        Get(name) is { Length: > 0 } v ? v : throw new UsageException($"{name} is required {why}.");

    public int GetInt(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"{name} must be an integer in {min}..{max}, not '{text}'.");
        }

        return value;
    }
}

/// <summary>
/// A small hand-rolled parser: "--name value", "--name=value", "-k 10", flags, and "--" to end
/// options. Unknown options and missing values are usage errors.
/// </summary>
internal static class CommandLine
{
    public static ParsedArguments Parse(IReadOnlyList<string> args, OptionSpec spec)
    {
        var parsed = new ParsedArguments();
        var onlyPositionals = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyPositionals || arg.Length < 2 || arg[0] != '-' || IsNumber(arg))
            {
                parsed.Positionals.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                onlyPositionals = true;
                continue;
            }

            string name = arg;
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                name = arg[..eq];
                inline = arg[(eq + 1)..];
            }

            if (spec.Aliases.TryGetValue(name, out var canonical))
            {
                name = canonical;
            }

            if (spec.Values.Contains(name))
            {
                if (inline is null)
                {
                    if (i + 1 >= args.Count)
                    {
                        throw new UsageException($"{name} needs a value.");
                    }

                    inline = args[++i];
                }

                parsed.Values[name] = inline;
            }
            else if (spec.Flags.Contains(name))
            {
                if (inline is not null)
                {
                    throw new UsageException($"{name} takes no value.");
                }

                parsed.Flags.Add(name);
            }
            else
            {
                throw new UsageException($"unknown option {arg}.");
            }
        }

        return parsed;
    }

    /// <summary>Parses "20s", "500ms", "2m", "1h" or plain seconds ("20", "1.5").</summary>
    public static TimeSpan ParseDuration(string text, string optionName) =>
        AgentMemory.Tooling.DurationText.TryParse(text, out var duration)
            ? duration
            : throw new UsageException($"{optionName} must be a duration like 20s, 500ms or 2m, not '{text}'.");

    private static bool IsNumber(string arg) => double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
