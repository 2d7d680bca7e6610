using System.ComponentModel.DataAnnotations;

namespace AgentMemory.Core;

/// <summary>
/// Tuning knobs of recall: how <see cref="HybridRanker"/> blends the dense, lexical, graph and
/// recency signals, how <see cref="ContextualReranker"/> adds conversational context, and how the
/// grain expands the query and seeds the knowledge-graph walk.
/// </summary>
/// <remarks>
/// <para>
/// The default fusion divides each list's scores by its best, so cosine and BM25 scales need no
/// calibration and a clear winner stays clear; <see cref="FusionMethod.ReciprocalRank"/> fuses
/// ranks instead, with <see cref="RrfK"/> = 60 from Cormack et al. (2009). docs/scoring.md and the
/// ablation in docs/quality.md say why weighted scores won on LoCoMo.
/// </para>
/// <para>
/// Recency is a small tie-breaker by default (0.02): it reorders near-ties toward fresher
/// memories without letting new but irrelevant ones outrank relevant ones. The range attributes
/// let a host validate bound options at startup.
/// </para>
/// </remarks>
public sealed class HybridScoringOptions
{
    /// <summary>How the dense, lexical and graph lists are combined.</summary>
    public FusionMethod Fusion { get; set; } = FusionMethod.WeightedScore;

    /// <summary>The RRF rank offset k in weight / (k + rank).</summary>
    [Range(0, int.MaxValue)]
    public int RrfK { get; set; } = 60;

    /// <summary>Weight of the dense (embedding) ranking.</summary>
    [Range(0d, double.MaxValue)]
    public double DenseWeight { get; set; } = 0.15;

    /// <summary>Weight of the lexical (BM25) ranking.</summary>
    [Range(0d, double.MaxValue)]
    public double LexicalWeight { get; set; } = 1.0;

    /// <summary>Weight of recency, applied as RecencyWeight × recency / (k + 1).</summary>
    [Range(0d, double.MaxValue)]
    public double RecencyWeight { get; set; } = 0.02;

    /// <summary>Age at which a memory's recency score halves.</summary>
    public TimeSpan RecencyHalfLife { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How many leading results of each list enter fusion.</summary>
    [Range(1, int.MaxValue)]
    public int CandidatePoolSize { get; set; } = 100;

    /// <summary>
    /// Share of the best neighbouring turn's score (the previous or next episode of the same
    /// session) that a turn inherits: answers sit next to the questions that name their topic.
    /// </summary>
    [Range(0d, 10d)]
    public double NeighbourWeight { get; set; } = 0.5;

    /// <summary>Share of its session's best score that every turn of that session inherits.</summary>
    [Range(0d, 10d)]
    public double SessionWeight { get; set; } = 0.4;

    /// <summary>
    /// Weight of pseudo-relevance feedback: the query is expanded with the most distinctive terms
    /// of the best lexical matches, and the expanded query's BM25 scores are added at this weight.
    /// It finds turns that say the same thing in the words of the match rather than the query's.
    /// </summary>
    [Range(0d, 10d)]
    public double ExpansionWeight { get; set; } = 0.3;

    /// <summary>Best lexical matches the expansion terms are drawn from.</summary>
    [Range(1, 100)]
    public int ExpansionDocuments { get; set; } = 5;

    /// <summary>Expansion terms added to the query.</summary>
    [Range(1, 100)]
    public int ExpansionTerms { get; set; } = 10;

    /// <summary>Bonus (relative to the best match) for turns spoken by a person the query names.</summary>
    [Range(0d, 10d)]
    public double SpeakerWeight { get; set; } = 0.3;

    /// <summary>
    /// Weight of the knowledge-graph list (Personalized PageRank over phrases and passages) in
    /// hybrid recall; 0 leaves the graph out of hybrid recall (graph mode still uses it).
    /// </summary>
    [Range(0d, 10d)]
    public double GraphWeight { get; set; } = 0.3;

    /// <summary>Best-matching facts (dense and lexical) whose phrases seed the PageRank walk.</summary>
    [Range(1, 100)]
    public int GraphFactSeeds { get; set; } = 5;

    /// <summary>
    /// A fact seeds the graph only if it shares a term with the query or its embedding is at
    /// least this similar: the best of unrelated facts must not start a walk.
    /// </summary>
    [Range(0d, 1d)]
    public double GraphFactMinSimilarity { get; set; } = 0.25;

    /// <summary>
    /// Graph mode: seed weight of every dense candidate passage, times its min-max normalized dense
    /// score (HippoRAG 2 uses 0.05); keeps the walk anchored in what the query looks like.
    /// </summary>
    [Range(0d, 10d)]
    public double GraphPassageSeedWeight { get; set; } = 0.05;

    /// <summary>
    /// Hybrid mode: the same passage seed weight for the graph list. 0 by default: hybrid recall
    /// already fuses the dense list, and seeding the walk with it only repeats that signal
    /// (measured on LoCoMo in docs/quality.md), so the graph list carries only what the phrases add.
    /// </summary>
    [Range(0d, 10d)]
    public double HybridGraphPassageSeedWeight { get; set; }

    /// <summary>
    /// Weight of category expansion: query words that name a category in the concept lexicon
    /// ("instruments", "European countries") are expanded into the member words this user's memory
    /// contains ("clarinet", "Spain"), and their BM25 scores are added at this weight. 0 turns it off.
    /// </summary>
    [Range(0d, 10d)]
    public double CategoryWeight { get; set; } = 0.3;

    /// <summary>
    /// A category with more members than this (in the whole lexicon, not only in this user's memory)
    /// is too general to expand: "activity" and "event" have thousands.
    /// </summary>
    [Range(1, Concepts.ConceptLexicon.MaxCachedMembers)]
    public int CategoryMaxMembers { get; set; } = 3000;

    /// <summary>
    /// Speaker bonus for a question that gathers several things of a kind ("What instruments does
    /// Melanie play?", recognised by <see cref="Concepts.ConceptLexicon.AsksForKinds"/>): what a
    /// person does is told in that person's turns, scattered over many sessions.
    /// </summary>
    [Range(0d, 10d)]
    public double GatheringSpeakerWeight { get; set; } = 0.6;

    /// <summary>
    /// Session weight for a question that gathers several things of a kind: lower than
    /// <see cref="SessionWeight"/>, so that the one session that talks most about the topic does not
    /// crowd out the others.
    /// </summary>
    [Range(0d, 10d)]
    public double GatheringSessionWeight { get; set; } = 0.2;
}
