using System.ComponentModel.DataAnnotations;
using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class HybridScoringOptionsTests
{
    [Fact]
    public void Defaults_match_the_documented_tuning()
    {
        var options = new HybridScoringOptions();

        Assert.Equal(FusionMethod.WeightedScore, options.Fusion);
        Assert.Equal(60, options.RrfK);
        Assert.Equal(0.15, options.DenseWeight);
        Assert.Equal(1.0, options.LexicalWeight);
        Assert.Equal(0.02, options.RecencyWeight);
        Assert.Equal(0.5, options.NeighbourWeight);
        Assert.Equal(0.4, options.SessionWeight);
        Assert.Equal(0.3, options.SpeakerWeight);
        Assert.Equal(0.3, options.ExpansionWeight);
        Assert.Equal(TimeSpan.FromDays(30), options.RecencyHalfLife);
        Assert.Equal(100, options.CandidatePoolSize);
        Assert.Equal(0.3, options.GraphWeight);
        Assert.Equal(0.3, options.CategoryWeight);
        Assert.Equal(3000, options.CategoryMaxMembers);
        Assert.Equal(0.6, options.GatheringSpeakerWeight);
        Assert.Equal(0.2, options.GatheringSessionWeight);
    }

    [Fact]
    public void Data_annotations_reject_out_of_range_values()
    {
        var options = new HybridScoringOptions { CandidatePoolSize = 0, DenseWeight = -1 };
        var errors = new List<ValidationResult>();

        var valid = Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);

        Assert.False(valid);
        Assert.Equal(2, errors.Count);
    }
}
