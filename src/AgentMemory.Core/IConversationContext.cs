namespace AgentMemory.Core;

/// <summary>How documents sit in conversations, as the contextual re-ranker needs it.</summary>
public interface IConversationContext
{
    /// <summary>The previous turn of the same session, or -1.</summary>
    int PreviousOf(int documentId);

    /// <summary>The next turn of the same session, or -1.</summary>
    int NextOf(int documentId);

    /// <summary>A number naming the document's session, or -1 when it has none.</summary>
    int SessionOf(int documentId);

    /// <summary>Whether the document was said by a person the query names.</summary>
    bool IsByQueriedSpeaker(int documentId);
}
