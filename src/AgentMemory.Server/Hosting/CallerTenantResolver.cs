using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using AgentMemory.Abstractions;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace AgentMemory.Server.Hosting;

/// <summary>
/// Derives the caller's tenant from its credentials (<c>authorization: Bearer &lt;key&gt;</c>).
/// The tenant is never taken from the request body, so one tenant cannot name another's users.
/// </summary>
public sealed class CallerTenantResolver
{
    private readonly FrozenDictionary<string, string>? _tenantByKeyHash;
    private readonly string _defaultTenant;

    public CallerTenantResolver(IOptions<ApiKeyOptions> options)
    {
        var value = options.Value;
        _defaultTenant = value.DefaultTenant;
        if (value.ApiKeys.Count > 0)
        {
            // Keys are compared by hash so lookups do not leak key prefixes through timing.
            _tenantByKeyHash = value.ApiKeys.ToFrozenDictionary(k => Hash(k.Key), k => k.Tenant, StringComparer.Ordinal);
        }
    }

    /// <summary>True when callers must present a key.</summary>
    public bool RequiresKey => _tenantByKeyHash is not null;

    public string Resolve(ServerCallContext context)
    {
        if (_tenantByKeyHash is null)
        {
            return _defaultTenant;
        }

        var header = context.RequestHeaders.GetValue("authorization");
        const string Scheme = "Bearer ";
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "An API key is required: send 'authorization: Bearer <key>'."));
        }

        return _tenantByKeyHash.TryGetValue(Hash(header[Scheme.Length..].Trim()), out var tenant)
            ? tenant
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "The API key is not valid."));
    }

    /// <summary>Checks the configured keys and tenants; returns problems, naming the setting.</summary>
    public static IEnumerable<string> Validate(ApiKeyOptions options)
    {
        if (!UserScope.IsValidId(options.DefaultTenant))
        {
            yield return "AgentMemory:Auth:DefaultTenant must be 1..128 characters of letters, digits and . _ - : @.";
        }

        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var entry = options.ApiKeys[i];
            if (entry.Key.Length < 16)
            {
                yield return $"AgentMemory:Auth:ApiKeys:{i}:Key must be at least 16 characters.";
            }

            if (!UserScope.IsValidId(entry.Tenant))
            {
                yield return $"AgentMemory:Auth:ApiKeys:{i}:Tenant must be 1..128 characters of letters, digits and . _ - : @.";
            }
        }

        if (options.ApiKeys.Select(k => k.Key).Distinct(StringComparer.Ordinal).Count() != options.ApiKeys.Count)
        {
            yield return "AgentMemory:Auth:ApiKeys has the same key twice.";
        }
    }

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
