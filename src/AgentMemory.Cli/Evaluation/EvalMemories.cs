namespace AgentMemory.Cli.Evaluation;

/// <summary>Which memories the LoCoMo evaluation recalls over.</summary>
public enum EvalMemories
{
    /// <summary>Conversation turns (episodic memories) only.</summary>
    Turns,

    /// <summary>Derived facts only, each counting as a hit on the turns it came from.</summary>
    Facts,

    /// <summary>Everything: turns, facts and summaries.</summary>
    Mixed,
}
