using AgentMemory.IntegrationTests.Infrastructure;

namespace AgentMemory.IntegrationTests.Grains;

/// <summary>Recall's scoring options are checked against their ranges when the silo starts.</summary>
public sealed class RecallOptionsValidationTests
{
    [Theory]
    [InlineData("CategoryMaxMembers", "0")]
    [InlineData("GatheringSpeakerWeight", "-1")]
    [InlineData("SessionWeight", "11")]
    public async Task A_silo_with_a_scoring_option_out_of_range_refuses_to_start_and_names_the_setting_and_value(string option, string value)
    {
        var schema = TestDatabase.NewSchemaName("options");
        var settings = new Dictionary<string, string?>
        {
            ["AgentMemory:Storage:ConnectionString"] = TestDatabase.ConnectionString,
            ["AgentMemory:Storage:Schema"] = schema,
            [$"AgentMemory:Recall:Scoring:{option}"] = value,
        };
        var cluster = GrainClusterFixture.Build(settings);
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => cluster.DeployAsync());

            Assert.Contains("AgentMemory:Recall:Scoring", error.ToString(), StringComparison.Ordinal);
            Assert.Contains($"AgentMemory:Recall:Scoring:{option}", error.ToString(), StringComparison.Ordinal);
            Assert.Contains($"(got {value})", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await cluster.DisposeAsync();
            await TestDatabase.DropSchemaAsync(schema);
        }
    }
}
