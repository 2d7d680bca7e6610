using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Protocol.V1;

namespace AgentMemory.IntegrationTests.Derivation;

/// <summary>
/// Kills the service (SIGKILL) while derivation is half done, starts it again, and checks that
/// the derived facts are exactly those of an uninterrupted run: nothing lost, nothing twice.
/// </summary>
public sealed class CrashRecoveryTests() : PrivateSchemaTests("crash")
{
    private static readonly DateTimeOffset T0 = new(2023, 5, 8, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Killing_the_service_mid_derivation_loses_nothing_and_duplicates_nothing()
    {
        var events = Conversation();
        const string Crashed = "crashed-user";
        const string Reference = "reference-user";

        // 1. A slow derivation (one episode per step, a pause between steps), killed half way.
        // The pause is long (12 steps take over 20 s) so that the kill lands mid-way however
        // loaded the machine is; the kill follows the first step, so the test does not wait it out.
        var slow = new Dictionary<string, string>
        {
            ["AgentMemory:Derivation:BatchSize"] = "1",
            ["AgentMemory:Derivation:DelayBetweenBatches"] = "00:00:02",
        };
        long latest;
        await using (var first = await ServerProcess.StartAsync(Schema, slow))
        {
            using var client = AgentMemoryClient.Create(first.GrpcAddress);
            await client.RememberAsync(Crashed, events);
            latest = await MaxEpisodeSeqAsync(Crashed);
            await WaitUntilAsync(async () => await DerivedSeqAsync(Crashed) > 0, TimeSpan.FromSeconds(60), () => "derivation never started:\n" + first.Output);
            Assert.True(await DerivedSeqAsync(Crashed) < latest, "the kill must land in the middle of derivation");
            await first.KillAsync();
        }

        var derivedAtKill = await DerivedSeqAsync(Crashed);
        Assert.InRange(derivedAtKill, 1, latest - 1);

        // 2. Restart: derivation resumes by itself (no call for that user is needed to start it).
        await using var second = await ServerProcess.StartAsync(Schema, new Dictionary<string, string>());
        await WaitUntilAsync(async () => await DerivedSeqAsync(Crashed) == latest, TimeSpan.FromSeconds(60), () => $"derivation did not resume (at {DerivedSeqAsync(Crashed).Result} of {latest}):\n" + second.Output);

        // 3. The same conversation, uninterrupted, for comparison.
        using var again = AgentMemoryClient.Create(second.GrpcAddress);
        await again.RememberAsync(Reference, Conversation());
        var flushed = await again.GrpcClient.FlushAsync(new FlushRequest { UserId = Reference, Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(60)) });
        Assert.True(flushed.CaughtUp);

        var crashedFacts = await FactTextsAsync(Crashed);
        var referenceFacts = await FactTextsAsync(Reference);
        Assert.NotEmpty(referenceFacts);
        Assert.Equal(referenceFacts, crashedFacts);
        Assert.Equal(crashedFacts.Count, crashedFacts.Distinct().Count());
        Assert.Equal(await CountAsync("memory_history", Reference), await CountAsync("memory_history", Crashed));
        Assert.Equal(await CountAsync("memory_entities", Reference), await CountAsync("memory_entities", Crashed));
    }

    private static List<MemoryEvent> Conversation()
    {
        string[] turns =
        [
            "Caroline: I went to a LGBTQ support group yesterday and it was so powerful.",
            "Melanie: I painted a lake sunrise last year and I still love it.",
            "Caroline: I live in Boston with my two cats.",
            "Melanie: I work at the public library as a children's librarian.",
            "Caroline: I am studying counseling at Boston University.",
            "Melanie: My favorite food is lasagna.",
            "Caroline: I moved to Denver last month for a new job.",
            "Melanie: I ran a charity race for mental health last Saturday.",
            "Caroline: My favorite food is now sushi.",
            "Melanie: I started pottery classes two weeks ago.",
            "Caroline: I adopted a dog named Biscuit.",
            "Melanie: My kids love camping in the mountains.",
        ];
        return turns.Select((text, i) => new MemoryEvent(text)
        {
            Speaker = text[..text.IndexOf(':', StringComparison.Ordinal)],
            SessionId = "session_1",
            EventTime = T0.AddDays(i * 3),
            IdempotencyKey = $"turn-{i}",
        }).ToList();
    }

    private Task<long> DerivedSeqAsync(string user) =>
        TestDatabase.ScalarAsync<long>(Schema, "SELECT coalesce(max(derived_seq), 0) FROM derivation_state WHERE user_id = $1", user);

    private Task<long> MaxEpisodeSeqAsync(string user) =>
        TestDatabase.ScalarAsync<long>(Schema, "SELECT max(seq) FROM memories WHERE user_id = $1 AND kind = 1", user);

    private Task<long> CountAsync(string table, string user) =>
        TestDatabase.ScalarAsync<long>(Schema, $"SELECT count(*) FROM {table} WHERE user_id = $1", user);

    private async Task<List<string>> FactTextsAsync(string user)
    {
        var joined = await TestDatabase.ScalarAsync<string>(Schema,
            "SELECT coalesce(string_agg(text || '|' || (valid_to IS NULL)::text, E'\\n' ORDER BY text), '') FROM memories WHERE user_id = $1 AND kind = 2", user);
        return joined.Length == 0 ? [] : [.. joined.Split('\n')];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(describe());
            }

            await Task.Delay(50);
        }
    }
}
