using System.Text.Json;
using AgentMemory.Inference;
using Microsoft.Extensions.AI;

namespace AgentMemory.Derivation;

/// <summary>
/// Asks the chat model for a JSON reply of a given type and checks it, retrying once with a
/// correction when the reply does not parse or breaks the rules.
/// </summary>
/// <remarks>
/// <para>
/// <c>GetResponseAsync&lt;T&gt;</c> sends <c>response_format: json_schema</c>, but servers honour it to varying
/// degrees (vLLM's guided decoding does; llama.cpp and Ollama builds may not; a reply cut at the token limit is never
/// valid), so every reply is still parsed with <c>TryGetResult</c> (which does not throw) and validated. Bad content
/// is the model's fault and is answered with one more try, never an exception. A request the sidecar refuses (400,
/// 413, 422: <see cref="InferenceUnavailableException.RefusedTheRequest"/>) is not tried again and goes to the
/// caller's fallback too: it would be refused on every retry, and stall the user's derivation for good. Other
/// transport failures (the sidecar down, timing out, or rejecting the credentials) are not caught here and
/// propagate, so the pipeline retries the step later.
/// </para>
/// <para>
/// The retry is not the same request again: it appends the bad reply and says what was wrong. That gives the model a
/// chance to fix it, and keeps a response cache in the chat pipeline (<c>UseDistributedCache</c>) from serving the
/// same bad reply twice.
/// </para>
/// </remarks>
internal static class LlmStructuredOutput
{
    /// <summary>Further attempts after an invalid reply: one, then the caller's fallback.</summary>
    public const int Retries = 1;

    /// <summary>snake_case property names (<c>valid_from</c>), the convention models follow best.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>
    /// The first valid reply, or null with the last failure. <paramref name="validate"/> returns null for a valid
    /// reply, otherwise what is wrong with it, phrased for the model.
    /// </summary>
    public static async Task<LlmAttemptResult<TReply>> AskAsync<TReply>(
        IChatClient chat,
        IEnumerable<ChatMessage> messages,
        Func<TReply, string?> validate,
        CancellationToken cancellationToken)
        where TReply : class
    {
        var conversation = messages.ToList();
        var failure = "no reply";
        for (var attempt = 1; attempt <= Retries + 1; attempt++)
        {
            ChatResponse<TReply> response;
            try
            {
                response = await chat.GetResponseAsync<TReply>(
                    conversation, JsonOptions, CreateOptions(), useJsonSchemaResponseFormat: true, cancellationToken);
            }
            catch (InferenceUnavailableException ex) when (ex.RefusedTheRequest)
            {
                // The same request would be refused again, correction or not: the caller's fallback it is.
                return new LlmAttemptResult<TReply>(null, $"the sidecar refused the request: {ex.Message}", attempt);
            }

            if (!response.TryGetResult(out var reply) || reply is null)
            {
                failure = $"the reply is not a JSON object matching the schema: {LlmText.Excerpt(response.Text, 200)}";
            }
            else
            {
                var problem = validate(reply);
                if (problem is null)
                {
                    return new LlmAttemptResult<TReply>(reply, null, attempt);
                }

                failure = problem;
            }

            conversation.Add(new ChatMessage(ChatRole.Assistant, LlmText.Excerpt(response.Text, 4_000)));
            conversation.Add(new ChatMessage(
                ChatRole.User,
                $"That reply was invalid: {failure}. Answer again with only a JSON object that follows the schema and the rules."));
        }

        return new LlmAttemptResult<TReply>(null, failure, Retries + 1);
    }

    /// <summary>Deterministic decoding: extraction and decisions should not vary between runs.</summary>
    public static ChatOptions CreateOptions() => new() { Temperature = 0f };

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            PropertyNameCaseInsensitive = true,
        };
        options.MakeReadOnly();
        return options;
    }
}
