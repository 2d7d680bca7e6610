using System.ComponentModel.DataAnnotations;
using AgentMemory.Grains;

namespace AgentMemory.IntegrationTests.Grains;

/// <summary>The limits' ranges, as the silo's start-time validation (data annotations) applies them.</summary>
public sealed class MemoryLimitsOptionsTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:59")]
    [InlineData("3651.00:00:00")]
    public void A_forgotten_id_retention_out_of_range_is_rejected_naming_the_setting(string retention)
    {
        var problems = Validate(new MemoryLimitsOptions { ForgottenIdRetention = TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture) });

        var problem = Assert.Single(problems);
        Assert.Equal([nameof(MemoryLimitsOptions.ForgottenIdRetention)], problem.MemberNames);
    }

    [Fact]
    public void The_defaults_are_valid_and_keep_forgotten_ids_for_a_week()
    {
        var defaults = new MemoryLimitsOptions();

        Assert.Empty(Validate(defaults));
        Assert.Equal(TimeSpan.FromDays(7), defaults.ForgottenIdRetention);
    }

    private static List<ValidationResult> Validate(MemoryLimitsOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
