using System.Collections.Frozen;

namespace AgentMemory.Core.Extraction;

/// <summary>
/// The small closed word lists the rule-based extractor reasons with (lowercase, ASCII apostrophes).
/// </summary>
/// <remarks>
/// Kept in one place so a reader can audit every heuristic's vocabulary, and as frozen sets because they are
/// consulted for every word of every turn on the write path.
/// </remarks>
internal static class EnglishLexicon
{
    /// <summary>Capitalized words that are never entities on their own: pronouns, function words, calendar words, chat noise.</summary>
    public static readonly FrozenSet<string> NonEntityWords = FrozenSet.Create(
        StringComparer.Ordinal,
        "i", "i'm", "i've", "i'd", "i'll", "im", "me", "my", "mine", "myself", "we", "we're", "we've", "we'd", "we'll",
        "us", "our", "ours", "you", "you're", "you've", "you'd", "you'll", "your", "yours", "he", "he's", "she", "she's",
        "it", "it's", "its", "they", "they're", "them", "their", "his", "her", "hers", "him", "this", "that", "that's",
        "these", "those", "there", "there's", "here", "here's", "what", "what's", "who", "where", "when", "why", "how",
        "the", "a", "an", "and", "but", "or", "so", "if", "then", "also", "just", "not", "no", "yes", "yeah", "yep",
        "ok", "okay", "oh", "ah", "aw", "aww", "wow", "hey", "hi", "hello", "thanks", "thank", "lol", "omg", "btw",
        "haha", "hahaha", "lmao", "tbh", "imo", "idk", "asap", "fyi", "bye", "god", "gosh", "dear", "sir", "ma'am",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "today", "tomorrow", "yesterday", "tonight", "mom", "dad", "mum", "mommy", "daddy", "grandma", "grandpa",
        "on", "in", "at", "to", "for", "of", "with", "from", "by", "as", "is", "was", "are", "be", "do", "did",
        "can", "will", "would", "should", "could", "let's", "lets", "please", "sorry", "cool", "great", "awesome",
        "nice", "love", "congrats", "congratulations", "totally", "absolutely", "definitely", "anyway", "well",
        "image", "photo", "picture", "pic", "mr", "mrs", "ms", "dr", "prof", "st");

    /// <summary>Words before a capitalized name that mark it as a person.</summary>
    public static readonly FrozenSet<string> PersonCues = FrozenSet.Create(
        StringComparer.Ordinal,
        "friend", "friends", "mom", "mother", "dad", "father", "sister", "brother", "husband", "wife", "son",
        "daughter", "boyfriend", "girlfriend", "partner", "cousin", "aunt", "uncle", "grandma", "grandmother",
        "grandpa", "grandfather", "niece", "nephew", "colleague", "coworker", "co-worker", "boss", "teacher",
        "mentor", "neighbor", "neighbour", "buddy", "mr", "mrs", "ms", "dr", "miss", "fiance", "fiancee",
        "roommate", "classmate", "bestie", "kid", "baby", "student", "coach", "therapist", "counselor");

    /// <summary>Verbs after a capitalized name that mark it as a person ("Sarah said").</summary>
    public static readonly FrozenSet<string> PersonVerbCues = FrozenSet.Create(
        StringComparer.Ordinal, "said", "says", "told", "tells", "asked", "texted", "called", "thinks", "thought");

    /// <summary>Last words that make a capitalized sequence an organization.</summary>
    public static readonly FrozenSet<string> OrganizationHeads = FrozenSet.Create(
        StringComparer.Ordinal,
        "inc", "corp", "company", "co", "llc", "ltd", "university", "college", "school", "academy", "institute",
        "club", "center", "centre", "foundation", "association", "society", "bank", "hospital", "church",
        "museum", "library", "agency", "group", "team", "studio", "studios", "records", "network", "council",
        "committee", "department", "organization", "organisation", "charity", "league", "union", "band");

    /// <summary>Last words that make a capitalized sequence a place.</summary>
    public static readonly FrozenSet<string> PlaceHeads = FrozenSet.Create(
        StringComparer.Ordinal,
        "city", "town", "park", "beach", "lake", "river", "mountain", "mountains", "island", "islands", "street",
        "avenue", "road", "county", "state", "valley", "canyon", "bay", "falls", "forest", "coast", "country",
        "village", "square", "bridge", "desert", "ocean", "sea", "peak", "trail", "national");

    /// <summary>Words right before a capitalized name that suggest a place ("in Paris", "visited Rome").</summary>
    public static readonly FrozenSet<string> PlacePrepositions = FrozenSet.Create(
        StringComparer.Ordinal, "in", "near", "visited", "visit", "visiting", "around", "across", "toward", "towards");

    /// <summary>Motion verbs that make "to X" a place ("went to Paris").</summary>
    public static readonly FrozenSet<string> MotionVerbs = FrozenSet.Create(
        StringComparer.Ordinal,
        "went", "go", "goes", "going", "moved", "move", "moving", "traveled", "travelled", "traveling", "travelling",
        "trip", "been", "flew", "fly", "flying", "drove", "drive", "driving", "headed", "heading", "back", "relocated", "road");

    /// <summary>Nouns before ", X" that make X a place ("my home country, Sweden").</summary>
    public static readonly FrozenSet<string> PlaceApposition = FrozenSet.Create(
        StringComparer.Ordinal, "country", "city", "town", "state", "village", "island", "hometown");

    /// <summary>Interjections stripped from the start of a sentence wherever they stand.</summary>
    public static readonly FrozenSet<string> Interjections = FrozenSet.Create(
        StringComparer.Ordinal,
        "hey", "hi", "hello", "hiya", "yo", "wow", "whoa", "woah", "oh", "ooh", "ah", "ahh", "aw", "aww", "awww",
        "yeah", "yea", "yep", "yup", "haha", "hahaha", "hehe", "lol", "omg", "gosh", "geez", "hmm", "hm", "um", "uh",
        "btw", "anyway", "anyways", "and", "but", "wowza", "yay", "ugh", "oops", "phew");

    /// <summary>Discourse words stripped from the start of a sentence only when punctuation follows ("Great, I …").</summary>
    public static readonly FrozenSet<string> SoftFillers = FrozenSet.Create(
        StringComparer.Ordinal,
        "yes", "no", "nope", "nah", "sure", "cool", "great", "awesome", "nice", "totally", "absolutely",
        "definitely", "exactly", "right", "true", "agreed", "honestly", "okay", "ok", "thanks", "congrats",
        "congratulations", "indeed", "amazing", "wonderful", "fantastic", "perfect", "sweet", "lovely", "alright",
        "seriously", "really", "haha", "cheers", "good", "thx", "ty", "aha", "so", "well", "plus", "also", "oh",
        "actually", "sorry", "correction", "update");

    /// <summary>Words after which a soft filler is stripped even without punctuation ("So I went …", "Well the kids …").</summary>
    public static readonly FrozenSet<string> SubjectOpeners = FrozenSet.Create(
        StringComparer.Ordinal,
        "i", "i'm", "i've", "i'd", "i'll", "we", "we're", "we've", "we'd", "we'll", "my", "our", "me", "it", "it's",
        "that", "that's", "this", "there", "there's", "they", "they're", "he", "he's", "she", "she's", "the");

    /// <summary>Sentence openings that are reactions, greetings or pleasantries rather than statements.</summary>
    public static readonly string[] ReactionPrefixes =
    [
        "good to see", "great to see", "nice to see", "nice to meet", "good to hear", "great to hear", "glad to hear",
        "nice to hear", "sorry to hear", "so glad", "glad you", "glad it", "glad that", "glad to", "happy for you",
        "so happy for you", "proud of you", "so proud", "i'm so happy for you", "i'm happy for you", "i'm glad",
        "i'm so glad", "i'm proud of you", "i'm so proud of you", "thanks for", "thank you", "thanks so much",
        "good luck", "take care", "talk soon", "talk to you", "see you", "bye", "goodbye", "have a", "have fun",
        "hope you", "i hope you", "hope it", "hope that", "hope so", "same here", "me too", "you too", "keep it up",
        "keep up", "sounds", "that sounds", "it sounds", "looks", "that looks", "it looks", "what a", "what an",
        "how ", "great job", "well done", "love that", "love it", "love your", "love the", "loved it", "love this",
        "can't wait to see", "can't wait to hear", "i can't wait to see", "let me know", "no worries", "no problem",
        "my pleasure", "it's great that you", "it's awesome that you", "it's so cool that you", "such a", "so cool",
        "so sweet", "so nice", "so fun", "lucky you", "i bet", "bet ", "i'm sure you", "good for you",
        "that's so", "that's really", "that's awesome", "that's amazing", "that's great", "that's cool",
        "that's wonderful", "that's fantastic", "that's nice", "that's sweet", "that's a", "that's such",
        "that's good", "that's too", "that's very", "that's super", "that's incredible", "that's impressive",
        "that's lovely", "that's beautiful", "that's exciting", "that's tough", "that's hard", "that's sad",
        "that is so", "that must", "it must", "must be", "must have", "you must", "enjoy", "happy birthday", "cheers",
        "sorry", "great chatting", "great talking", "nice chatting", "good chatting", "great catching up",
        "great to chat", "good to chat", "nice to chat", "it's so good to hear", "so good to hear", "exciting to see", "congrats", "congratulations", "love seeing", "love all", "love how", "love hearing", "love to see", "love to hear", "loving", "just wanted to say",
        "just wanted to check", "wanted to say hi", "just checking", "just saying",
    ];

    /// <summary>Sentence-initial words that make an imperative or a subjectless request ("Keep it up", "Let's go").</summary>
    public static readonly FrozenSet<string> ImperativeStarts = FrozenSet.Create(
        StringComparer.Ordinal,
        "let's", "lets", "let", "keep", "take", "check", "look", "tell", "go", "come", "don't", "do", "make",
        "remember", "try", "give", "say", "stay", "be", "imagine", "guess", "hang", "hold", "stop", "have", "enjoy",
        "send", "show", "share", "feel", "wish", "trust", "believe", "know", "see", "please", "consider", "never",
        "always", "hope", "thank", "thanks", "wanna", "want", "can't", "cannot", "would", "could", "should", "did",
        "does", "is", "are", "was", "were", "will", "any", "anything");

    /// <summary>Second-person words that make the listener the subject; such sentences are about the listener, not facts the speaker states.</summary>
    public static readonly FrozenSet<string> SecondPersonStarts = FrozenSet.Create(
        StringComparer.Ordinal, "you", "you're", "youre", "you've", "youve", "you'd", "youd", "you'll", "youll", "your",
        "yours", "u", "ur", "y'all", "yourself");

    /// <summary>Adverbs that may stand between a subject and its verb ("I really love").</summary>
    public static readonly FrozenSet<string> VerbAdverbs = FrozenSet.Create(
        StringComparer.Ordinal,
        "really", "also", "just", "still", "always", "never", "usually", "often", "sometimes", "totally",
        "definitely", "absolutely", "actually", "truly", "kinda", "even", "already", "finally", "recently",
        "currently", "now", "only", "mostly", "generally", "especially", "honestly", "seriously", "literally",
        "personally", "probably", "certainly", "rarely", "hardly", "almost", "simply", "deeply", "genuinely",
        "constantly", "regularly", "occasionally", "sorta", "too", "both", "all", "so", "much", "def", "lowkey",
        "officially", "eventually", "happily", "proudly", "completely", "fully", "newly", "recently");

    /// <summary>Irregular past tenses (and present/past-identical verbs, read as past): they never take "-s".</summary>
    public static readonly FrozenSet<string> IrregularPast = FrozenSet.Create(
        StringComparer.Ordinal,
        "went", "got", "made", "took", "saw", "felt", "found", "thought", "told", "said", "gave", "came", "knew",
        "left", "met", "bought", "brought", "ran", "began", "kept", "heard", "lost", "won", "wrote", "read", "put",
        "let", "set", "cut", "hit", "hurt", "spent", "sent", "built", "taught", "caught", "fell", "held", "paid",
        "sat", "slept", "stood", "understood", "drove", "ate", "drank", "swam", "sang", "flew", "grew", "threw",
        "wore", "chose", "rode", "spoke", "broke", "woke", "forgot", "hid", "became", "led", "fed", "fought", "lit",
        "meant", "quit", "shot", "shut", "spread", "stuck", "struck", "swept", "dealt", "drew", "forgave", "froze",
        "hung", "lay", "lent", "rose", "sold", "shook", "sought", "stole", "tore", "wept", "wound", "burnt",
        "learnt", "dreamt", "spelt", "leapt", "bet", "cast", "cost", "upset", "had", "did", "was", "were");

    /// <summary>Forms that must not get a third-person "-s" after "I": modals, pasts, function words, adjectives.</summary>
    public static readonly FrozenSet<string> NoAgreementForms = FrozenSet.Create(
        StringComparer.Ordinal,
        [
            .. IrregularPast,
            "can", "could", "will", "would", "should", "shall", "may", "might", "must", "ought", "can't", "cannot",
            "couldn't", "won't", "wouldn't", "shouldn't", "didn't", "wasn't", "hadn't", "mightn't", "mustn't", "used",
            "too", "myself", "alone", "personally", "and", "or", "but", "so", "as", "to", "the", "a", "an", "not",
            "gotta", "gonna", "sure", "nervous", "happy", "glad", "sorry", "ready", "here", "there", "'m", "am",
            "be", "being", "been", "having", "doing",
        ]);

    /// <summary>Auxiliaries whose form changes when "I"/"you" becomes a third-person name.</summary>
    public static readonly FrozenDictionary<string, string> AgreementMap = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["am"] = "is",
        ["are"] = "is",
        ["were"] = "was",
        ["have"] = "has",
        ["do"] = "does",
        ["don't"] = "doesn't",
        ["dont"] = "doesn't",
        ["haven't"] = "hasn't",
        ["aren't"] = "isn't",
        ["weren't"] = "wasn't",
        ["ain't"] = "isn't",
        ["go"] = "goes",
        ["wanna"] = "wants to",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Present-tense verbs that follow an object-or-subject "you" and mark it as a subject ("you love").</summary>
    public static readonly FrozenSet<string> CommonBaseVerbs = FrozenSet.Create(
        StringComparer.Ordinal,
        "love", "like", "know", "need", "want", "make", "look", "seem", "think", "deserve", "inspire", "mean",
        "paint", "play", "work", "live", "enjoy", "feel", "believe", "care", "help", "take", "get", "go", "say",
        "keep", "find", "bring", "teach", "create", "show", "try", "remember", "hate", "miss", "understand", "use",
        "share", "give", "run", "write", "draw", "cook", "sing", "dance", "tell", "see", "hear", "put", "do", "have",
        "come", "stay", "spend", "handle", "manage", "balance", "approach", "choose", "pick", "plan");

    /// <summary>Words that show a sentence has a verb (besides -ed/-ing forms and <see cref="NoAgreementForms"/>).</summary>
    public static readonly FrozenSet<string> VerbHints = FrozenSet.Create(
        StringComparer.Ordinal,
        "is", "am", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will",
        "would", "can", "could", "should", "shall", "may", "might", "must", "i'm", "i've", "i'd", "i'll", "it's",
        "that's", "he's", "she's", "we're", "we've", "they're", "there's", "love", "loves", "like", "likes",
        "want", "wants", "need", "needs", "know", "think", "feel", "feels", "hope", "make", "makes", "get", "gets",
        "go", "goes", "keep", "keeps", "help", "helps", "take", "takes", "plan", "plans", "work", "works", "live",
        "lives", "play", "plays", "enjoy", "enjoys", "gonna", "wanna");

    /// <summary>Hedges that lower a fact's confidence: the speaker is unsure, hypothetical or only wishing.</summary>
    public static readonly FrozenSet<string> Hedges = FrozenSet.Create(
        StringComparer.Ordinal,
        "maybe", "might", "probably", "perhaps", "think", "guess", "hope", "hoping", "wish", "if", "could", "would",
        "gonna", "planning", "plan", "want", "wanna", "possibly", "someday", "kinda", "sorta", "thinking");

    /// <summary>Words that start a subjectless clause with an implied "I" ("Gonna continue my studies").</summary>
    public static readonly FrozenDictionary<string, string> ImpliedSubjectVerbs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["gonna"] = "is gonna",
        ["going"] = "is going",
        ["planning"] = "is planning",
        ["hoping"] = "is hoping",
        ["thinking"] = "is thinking",
        ["trying"] = "is trying",
        ["heading"] = "is heading",
        ["been"] = "has been",
        ["just"] = "just",
        ["finally"] = "finally",
        ["recently"] = "recently",
        ["started"] = "started",
        ["finished"] = "finished",
        ["got"] = "got",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
