namespace AgentMemory.Tooling;

/// <summary>
/// Deterministic English-like sentences and queries over a few hundred words (names, places,
/// activities, objects, times), so lexical and dense retrieval both have something to match.
/// The same seed always yields the same sequence. Linked into the load generator, which seeds
/// and queries with it, and into the benchmarks, whose recall probe ranks the same corpus in
/// process.
/// </summary>
internal sealed class SyntheticText(int seed)
{
    internal static readonly string[] Names =
    [
        "Alice", "Bruno", "Chen", "Dana", "Elif", "Farah", "Gustavo", "Hana", "Ivan", "Jade", "Kofi", "Lena",
        "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tomas", "Uma", "Victor", "Wen", "Ximena",
        "Yusuf", "Zoe", "Caroline", "Melanie", "Joanna", "Nate", "Evan", "Tim", "John", "Maria", "Audrey",
        "Andrew", "Deborah", "Jolene", "Calvin",
    ];

    internal static readonly string[] Places =
    [
        "Lisbon", "Kyoto", "Nairobi", "Oslo", "Lima", "Toronto", "Seville", "Hanoi", "Cape Town", "Reykjavik",
        "the lake house", "the farmers market", "the climbing gym", "the public library", "the pottery studio",
        "the old harbor", "the community garden", "the jazz club", "the animal shelter", "the beach",
        "the mountains", "the office", "the hospital", "the museum", "the train station", "the bakery on Elm Street",
        "a small cafe", "the university", "the stadium", "her parents' farm", "the dog park", "the book fair",
        "the city council", "the concert hall", "the river trail", "the night market", "the ski resort",
        "the support group", "the art gallery", "the bike shop",
    ];

    internal static readonly string[] PastVerbs =
    [
        "visited", "painted", "adopted", "cooked", "photographed", "repaired", "sold", "bought", "borrowed",
        "organized", "discovered", "built", "planted", "wrote about", "sketched", "celebrated", "volunteered at",
        "cleaned", "lost", "found", "ordered", "baked", "recorded", "shared", "read about", "learned about",
        "joined", "left", "planned", "finished", "started", "hosted", "watched", "designed", "fixed", "delivered",
        "taught", "practiced", "studied", "mentioned",
    ];

    internal static readonly string[] Adjectives =
    [
        "tiny", "enormous", "red", "blue", "green", "vintage", "handmade", "noisy", "quiet", "bright", "dusty",
        "wooden", "shiny", "broken", "brand-new", "colorful", "fragile", "heavy", "cozy", "strange", "famous",
        "local", "expensive", "cheap", "secret", "favorite", "rare", "spicy", "sweet", "bitter", "golden",
        "silver", "ancient", "modern", "wild", "gentle", "clever", "lazy", "curious", "lucky",
    ];

    internal static readonly string[] Nouns =
    [
        "painting", "sunrise", "guitar", "bicycle", "novel", "recipe", "garden", "puppy", "kitten", "violin",
        "camera", "sculpture", "mural", "quilt", "kayak", "tent", "telescope", "laptop", "notebook", "poster",
        "necklace", "sweater", "cake", "soup", "pie", "vase", "bookshelf", "motorcycle", "drone", "podcast",
        "song", "poem", "letter", "map", "lantern", "clock", "radio", "piano", "canvas", "mug", "teapot",
        "backpack", "jacket", "scarf", "helmet", "surfboard", "snowboard", "skateboard", "workshop", "festival",
        "parade", "marathon", "fundraiser", "exhibition", "conference", "interview", "presentation", "scholarship",
        "promotion", "apartment", "cabin", "boat", "car", "tractor", "orchard", "vineyard", "greenhouse",
        "aquarium", "bird feeder", "chess set", "board game", "puzzle", "comic book", "documentary", "sitcom",
        "video game", "yoga class", "cooking class", "dance lesson", "support group",
    ];

    internal static readonly string[] Times =
    [
        "last Monday", "last Tuesday", "last weekend", "yesterday", "this morning", "two weeks ago", "last month",
        "in January", "in February", "in March 2023", "in April", "in May 2023", "in June", "in July 2022",
        "in August", "in September", "in October 2022", "in November", "in December", "on her birthday",
        "on his birthday", "during the holidays", "after work", "before the storm", "on New Year's Eve",
        "over the summer", "during spring break", "on 8 May, 2023", "on 25 May, 2023", "on 9 June, 2023",
    ];

    internal static readonly string[] Feelings =
    [
        "felt proud", "was thrilled", "was exhausted", "felt nervous", "was relieved", "felt inspired",
        "was disappointed", "laughed a lot", "felt grateful", "was surprised",
    ];

    internal static readonly string[] Relations =
    [
        "sister", "brother", "mother", "father", "best friend", "neighbor", "coworker", "cousin", "grandmother",
        "mentor", "roommate", "partner", "son", "daughter", "teacher",
    ];

    private readonly Random _random = new(seed);

    private string Pick(string[] words) => words[_random.Next(words.Length)];

    /// <summary>The next sentence of the sequence.</summary>
    public string NextSentence() => _random.Next(12) switch
    {
        0 => $"{Pick(Names)} {Pick(PastVerbs)} a {Pick(Adjectives)} {Pick(Nouns)} at {Pick(Places)} {Pick(Times)}.",
        1 => $"{Pick(Times).ToUpperFirst()}, {Pick(Names)} and {Pick(Names)} went to {Pick(Places)} and {Pick(Feelings)}.",
        2 => $"My {Pick(Relations)} {Pick(Names)} {Pick(PastVerbs)} the {Pick(Nouns)} {Pick(Times)}, so we talked about the {Pick(Adjectives)} {Pick(Nouns)}.",
        3 => $"I {Pick(PastVerbs)} a {Pick(Adjectives)} {Pick(Nouns)} {Pick(Times)} and {Pick(Feelings)} about it.",
        4 => $"{Pick(Names)} said the {Pick(Nouns)} from {Pick(Places)} is {Pick(Adjectives)} and {Pick(Adjectives)}.",
        5 => $"We are planning a {Pick(Nouns)} at {Pick(Places)} {Pick(Times)}; {Pick(Names)} will bring the {Pick(Nouns)}.",
        6 => $"{Pick(Names)} keeps a {Pick(Adjectives)} {Pick(Nouns)} next to the {Pick(Nouns)} in the {Pick(Nouns)}.",
        7 => $"Did you know that {Pick(Names)} {Pick(PastVerbs)} {Pick(Places)} {Pick(Times)}? Everyone {Pick(Feelings)}.",
        8 => $"{Pick(Names)}'s {Pick(Relations)} gave them a {Pick(Adjectives)} {Pick(Nouns)} {Pick(Times)}.",
        9 => $"After the {Pick(Nouns)}, {Pick(Names)} {Pick(PastVerbs)} a {Pick(Nouns)} and {Pick(Feelings)}.",
        10 => $"{Pick(Names)} moved from {Pick(Places)} to {Pick(Places)} {Pick(Times)} to work on a {Pick(Adjectives)} {Pick(Nouns)}.",
        _ => $"Honestly the {Pick(Adjectives)} {Pick(Nouns)} at {Pick(Places)} was the best part of {Pick(Times)}.",
    };

    /// <summary>The next query: a question or keywords about the same vocabulary.</summary>
    public string NextQuery() => _random.Next(6) switch
    {
        0 => $"What did {Pick(Names)} do at {Pick(Places)}?",
        1 => $"When did {Pick(Names)} {Pick(PastVerbs)} the {Pick(Nouns)}?",
        2 => $"Who gave {Pick(Names)} a {Pick(Adjectives)} {Pick(Nouns)}?",
        3 => $"{Pick(Names)} {Pick(Nouns)} {Pick(Places)}",
        4 => $"How did {Pick(Names)} feel about the {Pick(Nouns)}?",
        _ => $"Where did {Pick(Names)}'s {Pick(Relations)} go {Pick(Times)}?",
    };

    /// <summary>A random name (a speaker).</summary>
    public string NextName() => Pick(Names);
}

internal static class StringExtensions
{
    public static string ToUpperFirst(this string text) =>
        text.Length == 0 ? text : string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));
}
