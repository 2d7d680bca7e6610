using System.Globalization;
using System.Text.Json;

namespace AgentMemory.Core.Tests.Extraction;

/// <summary>
/// Reads every turn of the shared LoCoMo development conversations (../shared/data/locomo-dev beside the
/// repository, or AGENTMEMORY_LOCOMO_DIR), in the "Speaker: text [image: caption]" form the write path receives.
/// </summary>
internal static class LocomoTurns
{
    public static readonly string[] Files = ["26", "30", "41", "42", "43"];

    public sealed record Turn(string File, string DiaId, string Speaker, string Other, string Text, DateTimeOffset When);

    /// <summary>The data folder; throws when it is missing, because the data is part of the CI checkout.</summary>
    public static string Directory()
    {
        if (Environment.GetEnvironmentVariable("AGENTMEMORY_LOCOMO_DIR") is { Length: > 0 } fromEnv && System.IO.Directory.Exists(fromEnv))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "locomo-dev");
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && System.IO.Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new DirectoryNotFoundException("The LoCoMo dev data (../shared/data/locomo-dev beside the repository) was not found.");
    }

    public static List<Turn> Load(string file)
    {
        var path = Path.Combine(Directory(), file + ".json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement.TryGetProperty("conversation", out var inner) ? inner : document.RootElement;
        var speakerA = root.GetProperty("speaker_a").GetString() ?? string.Empty;
        var speakerB = root.GetProperty("speaker_b").GetString() ?? string.Empty;
        var turns = new List<Turn>();
        for (var session = 1; session < 100; session++)
        {
            if (!root.TryGetProperty($"session_{session}", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var when = ParseDate(root.GetProperty($"session_{session}_date_time").GetString() ?? string.Empty);
            foreach (var turn in list.EnumerateArray())
            {
                var speaker = turn.GetProperty("speaker").GetString() ?? string.Empty;
                var text = speaker + ": " + turn.GetProperty("text").GetString();
                if (turn.TryGetProperty("blip_caption", out var caption) && caption.GetString() is { Length: > 0 } description)
                {
                    text += " [image: " + description + "]";
                }

                turns.Add(new Turn(file, turn.GetProperty("dia_id").GetString() ?? string.Empty, speaker, speaker == speakerA ? speakerB : speakerA, text, when));
            }
        }

        return turns;
    }

    private static DateTimeOffset ParseDate(string text)
    {
        var parsed = DateTime.ParseExact(text.Replace(",", string.Empty, StringComparison.Ordinal), "h:mm tt 'on' d MMMM yyyy", CultureInfo.InvariantCulture);
        return new DateTimeOffset(parsed, TimeSpan.Zero);
    }
}
