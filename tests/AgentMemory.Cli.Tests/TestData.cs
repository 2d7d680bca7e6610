namespace AgentMemory.Cli.Tests;

/// <summary>Finds the shared evaluation data beside the repository (never copied into it).</summary>
internal static class TestData
{
    public static string? LocomoDevDirectory()
    {
        if (Environment.GetEnvironmentVariable("AGENTMEMORY_LOCOMO_DIR") is { Length: > 0 } fromEnv && Directory.Exists(fromEnv))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "locomo-dev"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }

    /// <summary>A tiny hand-made conversation in LoCoMo's format.</summary>
    public const string TinyConversation = """
        {
          "speaker_a": "Caroline",
          "speaker_b": "Melanie",
          "session_1_date_time": "1:56 pm on 8 May, 2023",
          "session_1": [
            {"speaker": "Caroline", "dia_id": "D1:1", "text": "I went hiking in the mountains with my dog yesterday."},
            {"speaker": "Melanie", "dia_id": "D1:2", "text": "I painted a sunrise over the lake last week.", "blip_caption": "a photo of a painting of a sunrise"},
            {"speaker": "Caroline", "dia_id": "D1:3", "text": "My sister adopted a kitten from the shelter."}
          ],
          "session_2_date_time": "12:48 am on 1 February, 2024",
          "session_2": [
            {"speaker": "Melanie", "dia_id": "D2:1", "text": "The pottery class was fun; I made a blue bowl."},
            {"speaker": "Caroline", "dia_id": "D2:2", "text": "I started a new job at the library downtown."}
          ],
          "session_3_date_time": "9:00 am on 3 March, 2024",
          "qa": [
            {"question": "Where did Caroline go hiking?", "answer": "the mountains", "evidence": ["D1:1"], "category": 4},
            {"question": "What did Melanie paint?", "answer": 2022, "evidence": ["D:1:2"], "category": 2},
            {"question": "Who adopted a kitten, and where does Caroline work?", "answer": "sister; library", "evidence": ["D1:3 D2:2"], "category": 1},
            {"question": "What did Melanie make in pottery class?", "adversarial_answer": "a bowl", "evidence": ["D2:01; D9:9"], "category": 5},
            {"question": "Unanswerable?", "answer": "n/a", "evidence": ["D"], "category": 3}
          ],
          "session_1_summary": "must not be indexed"
        }
        """;
}
