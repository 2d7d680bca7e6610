using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Protocol.V1;
using Google.Protobuf.WellKnownTypes;
using Npgsql;

namespace AgentMemory.IntegrationTests.EndToEnd;

/// <summary>
/// Graph recall (HippoRAG 2) end to end: derivation builds the phrase-passage graph in
/// PostgreSQL and in the grain, and recall walks it with Personalized PageRank over gRPC.
/// </summary>
public sealed class GraphRecallTests(ServerFixture server)
{
    private static readonly DateTimeOffset T0 = new(2023, 5, 25, 10, 0, 0, TimeSpan.Zero);

    private MemoryService.MemoryServiceClient Grpc => server.Client.GrpcClient;

    [Fact]
    public async Task Graph_recall_reaches_a_turn_that_shares_no_word_with_the_query_through_an_entity()
    {
        var user = NewUser();
        var stored = await TellAsync(user, Conversation);
        var answer = stored.Results[1].MemoryId;

        var graph = await RecallAsync(user, "Who is Caroline's mentor and what has the mentor written?", RecallMode.Graph);
        var lexical = await RecallAsync(user, "Who is Caroline's mentor and what has the mentor written?", RecallMode.Lexical);

        var hit = Assert.Single(graph.Memories, m => m.Memory.Id == answer);
        Assert.True(hit.Score.GraphRank is > 0 and <= 3, $"graph rank {hit.Score.GraphRank}");
        Assert.True(hit.Score.Graph > 0);
        Assert.Contains("Professor Hale", hit.Score.SeedPhrases);
        Assert.DoesNotContain(lexical.Memories, m => m.Memory.Id == answer);
    }

    [Fact]
    public async Task Hybrid_recall_carries_the_graph_list_in_its_score_breakdown()
    {
        var user = NewUser();
        var stored = await TellAsync(user, Conversation);
        var answer = stored.Results[1].MemoryId;

        var hybrid = await RecallAsync(user, "Who is Caroline's mentor and what has the mentor written?", RecallMode.Hybrid);

        var hit = Assert.Single(hybrid.Memories, m => m.Memory.Id == answer);
        Assert.True(hit.Score.GraphRank > 0);
        Assert.NotEmpty(hit.Score.SeedPhrases);

        // Each memory names the seed phrases of its own place in the graph list (the same as graph
        // mode names for it), and one that is not in the list names none.
        var graph = await RecallAsync(user, "Who is Caroline's mentor and what has the mentor written?", RecallMode.Graph);
        Assert.Contains("Professor Hale", hit.Score.SeedPhrases);
        Assert.All(hybrid.Memories.Where(m => m.Score.GraphRank == 0), m => Assert.Empty(m.Score.SeedPhrases));
        foreach (var inBoth in hybrid.Memories.Where(m => m.Score.GraphRank > 0).Join(graph.Memories, m => m.Memory.Id, m => m.Memory.Id, (h, g) => (Hybrid: h, Graph: g)))
        {
            Assert.Equal(inBoth.Graph.Score.SeedPhrases, inBoth.Hybrid.Score.SeedPhrases);
        }
    }

    [Fact]
    public async Task Graph_mode_falls_back_to_dense_ranking_when_the_query_touches_nothing_in_the_graph()
    {
        var user = NewUser();
        await TellAsync(user, Conversation);

        var graph = await RecallAsync(user, "zeppelin", RecallMode.Graph);
        var dense = await RecallAsync(user, "zeppelin", RecallMode.Dense);

        Assert.Equal(dense.Memories.Select(m => m.Memory.Id), graph.Memories.Select(m => m.Memory.Id));
        Assert.All(graph.Memories, m => Assert.Equal(0, m.Score.GraphRank));
    }

    [Fact]
    public async Task The_graph_is_stored_per_user_and_forgetting_its_only_source_forgets_a_phrase()
    {
        var user = NewUser();
        var stored = await TellAsync(user, Conversation);

        var phrases = await PhrasesAsync(user);
        Assert.Contains("professor hale", phrases);
        Assert.Contains("lisbon", phrases);

        // Lisbon is named in one turn only: forgetting that turn forgets the phrase and its embedding.
        await server.Client.ForgetAsync(user, [stored.Results[3].MemoryId]);

        var after = await PhrasesAsync(user);
        Assert.DoesNotContain("lisbon", after);
        Assert.Contains("professor hale", after);
    }

    // Everyday turns by both speakers: in a real conversation each speaker is named in hundreds of
    // turns, which is what makes a speaker's name a weak seed (its weight is divided by its passages).
    private static readonly string[] Fillers =
    [
        "The train was late again this morning.",
        "I finally fixed the leaking kitchen tap.",
        "We watched a documentary about volcanoes.",
        "My cousin is visiting next weekend.",
        "The garden needs watering every evening now.",
        "I baked bread with rosemary and olive oil.",
    ];

    internal static readonly (string Speaker, string Text)[] Conversation =
    [
        ("Caroline", "My mentor is Professor Hale, she has been guiding my research for years."),
        ("Dev", "I read that Professor Hale published a book about coral reefs last spring."),
        ("Dev", "I went hiking with my dog yesterday and the weather was lovely."),
        ("Caroline", "We spent a week in Lisbon eating pastries by the river."),
        ("Dev", "The new cafe downtown serves great espresso and croissants."),
        ("Caroline", "I am painting a sunset over the lake for my living room."),
        .. Enumerable.Range(0, 24).Select(i => (i % 2 == 0 ? "Caroline" : "Dev", Fillers[i % Fillers.Length] + $" (note {i})")),
    ];


    private static string NewUser() => "graph-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<RememberResponse> TellAsync(string user, (string Speaker, string Text)[] turns)
    {
        var events = turns.Select((t, i) => new MemoryEvent($"{t.Speaker}: {t.Text}")
        {
            Speaker = t.Speaker,
            Role = Role.User,
            SessionId = "s" + (i / 2),
            EventTime = T0.AddMinutes(i),
        }).ToList();
        return await server.RememberAndFlushAsync(user, events);
    }

    private Task<RecallResponse> RecallAsync(string user, string query, RecallMode mode) =>
        server.Client.RecallAsync(user, query, new AgentMemory.Client.RecallOptions { K = 10, Mode = mode, Filter = new MemoryFilterOptions { Kinds = [MemoryKind.Episodic] } });

    private async Task<List<string>> PhrasesAsync(string user)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT phrase FROM {server.Schema}.graph_phrases WHERE user_id = $1 ORDER BY phrase", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = user });
        var phrases = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            phrases.Add(reader.GetString(0));
        }

        return phrases;
    }
}
