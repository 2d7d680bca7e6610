namespace AgentMemory.Cli.Locomo;

/// <summary>One LoCoMo conversation file: sessions of turns and the QA items about them.</summary>
internal sealed record LocomoConversation(
    string Name,
    string SpeakerA,
    string SpeakerB,
    IReadOnlyList<LocomoSession> Sessions,
    IReadOnlyList<LocomoQuestion> Questions)
{
    /// <summary>All turns in session order, then turn order.</summary>
    public IEnumerable<LocomoTurn> Turns => Sessions.SelectMany(s => s.Turns);
}

/// <summary>A session: its number N (from "session_N"), its start time, and its turns in order.</summary>
internal sealed record LocomoSession(int Number, string? DateTimeText, DateTimeOffset? StartTime, IReadOnlyList<LocomoTurn> Turns);

/// <summary>One turn as written in the file.</summary>
internal sealed record LocomoTurn(string DiaId, TurnId? Id, string Speaker, string Text, string? BlipCaption, int SessionNumber, int IndexInSession);

/// <summary>One QA item: the question, its category and its evidence strings as written (possibly malformed).</summary>
internal sealed record LocomoQuestion(int Index, string Question, string? Answer, int Category, IReadOnlyList<string> Evidence);
