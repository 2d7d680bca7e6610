using Microsoft.Extensions.Options;

namespace AgentMemory.Server.Hosting;

/// <summary>Fails start-up with every problem in <c>AgentMemory:Auth</c>, each naming its setting.</summary>
internal sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var problems = CallerTenantResolver.Validate(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
