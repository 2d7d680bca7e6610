using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentMemory.Derivation.Tests;

public sealed class DerivationRetryTests
{
    private static readonly DerivationOptions Defaults = new();

    [Fact]
    public void First_retry_waits_the_retry_delay_and_each_further_failure_doubles_it()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Defaults.RetryDelayAfter(1, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(10), Defaults.RetryDelayAfter(2, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(40), Defaults.RetryDelayAfter(4, jitter: 0));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(int.MaxValue)]
    public void Retries_after_many_failures_wait_the_longest_delay_and_no_longer(int failures)
    {
        Assert.Equal(Defaults.MaxRetryDelay, Defaults.RetryDelayAfter(failures, jitter: 0));
    }

    [Fact]
    public void Jitter_shortens_the_wait_by_at_most_half()
    {
        Assert.Equal(TimeSpan.FromSeconds(2.5), Defaults.RetryDelayAfter(1, jitter: 1));
        Assert.Equal(TimeSpan.FromMinutes(2.5), Defaults.RetryDelayAfter(50, jitter: 1));
        Assert.Equal(TimeSpan.FromSeconds(7.5), Defaults.RetryDelayAfter(2, jitter: 0.5));
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, -0.1)]
    [InlineData(1, 1.1)]
    public void Out_of_range_arguments_are_refused(int failures, double jitter)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Defaults.RetryDelayAfter(failures, jitter));
    }

    [Theory]
    [InlineData("00:00:00", "00:05:00", "RetryDelay must be positive")]
    [InlineData("00:00:10", "00:00:05", "MaxRetryDelay must be at least RetryDelay")]
    public void Retry_delays_that_make_no_sense_are_refused_at_start(string retryDelay, string maxRetryDelay, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentMemory:Derivation:RetryDelay"] = retryDelay,
            ["AgentMemory:Derivation:MaxRetryDelay"] = maxRetryDelay,
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddAgentMemoryDerivation(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DerivationOptions>>().Value);

        Assert.Contains(message, error.Message);
    }
}
