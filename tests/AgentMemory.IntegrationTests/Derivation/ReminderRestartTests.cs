using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Protocol.V1;

namespace AgentMemory.IntegrationTests.Derivation;

/// <summary>
/// Reminders kept in PostgreSQL (the default) outlive the process: a session that went quiet
/// before a crash is summarized after the restart, although nobody calls its user again.
/// </summary>
public sealed class ReminderRestartTests() : PrivateSchemaTests("reminders")
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_quiet_session_is_summarized_after_a_crash_and_restart_without_a_call_for_its_user()
    {
        const string User = "quiet-user";

        // Sessions count as idle after 2 s; the grain's reminder (every minute, the shortest Orleans
        // allows) summarizes them. The process dies before the first tick.
        var settings = new Dictionary<string, string> { ["AgentMemory:Derivation:SessionIdleTimeout"] = "00:00:02" };
        await using (var first = await ServerProcess.StartAsync(Schema, settings))
        {
            using var client = AgentMemoryClient.Create(first.GrpcAddress);
            await client.RememberAsync(User, [
                new MemoryEvent("Caroline: I adopted a dog named Biscuit.") { Speaker = "Caroline", SessionId = "s1", EventTime = T0 },
                new MemoryEvent("Melanie: That is wonderful, how old is he?") { Speaker = "Melanie", SessionId = "s1", EventTime = T0.AddMinutes(1) },
            ]);
            var flushed = await client.GrpcClient.FlushAsync(new FlushRequest { UserId = User, Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(60)) });
            Assert.True(flushed.CaughtUp);
            await first.KillAsync();
        }

        Assert.Equal(0L, await SummariesAsync(User));
        Assert.Equal(1L, await TestDatabase.ScalarAsync<long>(Schema, "SELECT count(*) FROM orleans_reminders WHERE grain_id LIKE '%' || $1", User));

        // Nothing calls the user after the restart: only the stored reminder can wake its grain.
        await using var second = await ServerProcess.StartAsync(Schema, settings);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(150);
        while (await SummariesAsync(User) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        Assert.True(await SummariesAsync(User) >= 1, "no summary after the restart:\n" + second.Output);
    }

    private Task<long> SummariesAsync(string user) =>
        TestDatabase.ScalarAsync<long>(Schema, "SELECT count(*) FROM memories WHERE user_id = $1 AND kind = 3", user);
}
