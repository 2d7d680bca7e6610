using System.Diagnostics;
using System.Text.RegularExpressions;
using AgentMemory.Core.Extraction;

namespace AgentMemory.Core.Tests.Extraction;

public partial class LocomoExtractionTests(ITestOutputHelper output)
{
    [Fact]
    public void Extracts_well_formed_facts_from_most_turns_of_every_conversation_quickly()
    {
        var extractor = new RuleBasedExtractor();
        var turns = LocomoTurns.Files.SelectMany(LocomoTurns.Load).ToList();
        Assert.True(turns.Count > 2500, $"only {turns.Count} turns were read");

        var withFacts = 0;
        var factCount = 0;
        var tripleCount = 0;
        var stopwatch = Stopwatch.StartNew();
        foreach (var turn in turns)
        {
            var result = extractor.Extract(turn.Text, turn.Speaker, turn.When, turn.Other);
            foreach (var fact in result.Facts)
            {
                Assert.True(char.IsUpper(fact.Text.First(char.IsLetter)), $"{turn.DiaId}: {fact.Text}");
                Assert.EndsWith(".", fact.Text, StringComparison.Ordinal);
                Assert.False(FirstPersonWord().IsMatch(fact.Text), $"{turn.DiaId}: first person left in '{fact.Text}'");
                Assert.DoesNotContain("[image", fact.Text, StringComparison.OrdinalIgnoreCase);
                Assert.InRange(fact.Confidence, 0.0, 1.0);
            }

            withFacts += result.Facts.Count > 0 ? 1 : 0;
            factCount += result.Facts.Count;
            tripleCount += result.Triples.Count;
        }

        stopwatch.Stop();
        var share = (double)withFacts / turns.Count;
        output.WriteLine(
            $"{turns.Count} turns: {withFacts} with facts ({share:P1}), {factCount} facts, {tripleCount} triples, "
            + $"{stopwatch.Elapsed.TotalMilliseconds:F0} ms ({stopwatch.Elapsed.TotalMilliseconds * 1000 / turns.Count:F1} µs per turn, first pass incl. JIT)");
        Assert.True(share >= 0.6, $"only {share:P1} of turns yielded a fact");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Resolves_the_relative_dates_of_known_turns()
    {
        var turns = LocomoTurns.Load("26").ToDictionary(t => t.DiaId);
        var extractor = new RuleBasedExtractor();

        // D1:3, 8 May 2023: "I went to a LGBTQ support group yesterday …"
        var support = extractor.Extract(turns["D1:3"].Text, turns["D1:3"].Speaker, turns["D1:3"].When, turns["D1:3"].Other);
        Assert.Contains(support.Facts, f => f.ValidFrom == new DateOnly(2023, 5, 7) && f.Text.StartsWith("Caroline went to a LGBTQ support group on 7 May 2023", StringComparison.Ordinal));

        // Turns that say "yesterday" mostly yield a fact dated the day before their session (some are questions).
        var yesterdayTurns = turns.Values.Where(t => t.Text.Contains("yesterday", StringComparison.OrdinalIgnoreCase)).ToList();
        var dated = yesterdayTurns.Count(t =>
            extractor.Extract(t.Text, t.Speaker, t.When, t.Other).Facts.Any(f => f.ValidFrom == DateOnly.FromDateTime(t.When.DateTime).AddDays(-1)));
        Assert.NotEmpty(yesterdayTurns);
        Assert.True(dated >= yesterdayTurns.Count * 0.7, $"{dated} of {yesterdayTurns.Count} 'yesterday' turns were dated the day before");
    }

    [Fact]
    public void Prints_a_sample_of_conversation_26()
    {
        var extractor = new RuleBasedExtractor();
        var sample = LocomoTurns.Load("26").Where((_, i) => i % 37 == 2).Take(12).ToList();
        foreach (var turn in sample)
        {
            var result = extractor.Extract(turn.Text, turn.Speaker, turn.When, turn.Other);
            output.WriteLine($"[{turn.DiaId} {turn.When:yyyy-MM-dd}] {turn.Text}");
            foreach (var fact in result.Facts)
            {
                output.WriteLine($"    fact: {fact.Text}");
            }

            foreach (var triple in result.Triples)
            {
                output.WriteLine($"    triple: ({triple.Subject}, {triple.Relation}, {triple.Object})");
            }
        }

        Assert.Equal(12, sample.Count);
    }

    [GeneratedRegex(@"\bI\b|\b[Mm]y\b")]
    private static partial Regex FirstPersonWord();
}
