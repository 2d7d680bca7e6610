namespace AgentMemory.IntegrationTests.Derivation;

/// <summary>
/// A scripted conversation in which a fact changes: the old value must be invalidated (with
/// the right times), the new one current, and the timeline must show both in order.
/// </summary>
/// <param name="Turns">What the speaker says, and when.</param>
/// <param name="Question">What a later recall asks.</param>
/// <param name="OldValue">A word only the outdated fact contains.</param>
/// <param name="NewValue">A word only the current fact contains.</param>
/// <param name="BeforeChange">An event time at which the old fact still held.</param>
public sealed record KnowledgeUpdateScenario(
    string Name,
    string Speaker,
    (string Text, DateTimeOffset When)[] Turns,
    string Question,
    string OldValue,
    string NewValue,
    DateTimeOffset BeforeChange)
{
    public override string ToString() => Name;

    private static DateTimeOffset Day(int year, int month, int day) => new(year, month, day, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The suite: moves, jobs, relationships, preferences and corrections.</summary>
    public static IReadOnlyList<KnowledgeUpdateScenario> All { get; } =
    [
        new("moved to another city", "Ana",
            [("I live in Paris with my partner.", Day(2024, 1, 10)), ("We went to a jazz concert on Friday.", Day(2024, 2, 3)), ("I moved to Berlin last month.", Day(2024, 6, 20))],
            "Where does Ana live?", "Paris", "Berlin", Day(2024, 3, 1)),
        new("new job", "Ben",
            [("I work at Google on the search team.", Day(2023, 2, 1)), ("I work at Microsoft now, on the Azure team.", Day(2023, 9, 15))],
            "Where does Ben work?", "Google", "Microsoft", Day(2023, 5, 1)),
        new("relationship ended", "Cleo",
            [("I am dating Sam, we met at a climbing gym.", Day(2022, 4, 2)), ("I broke up with Sam last week.", Day(2022, 11, 20))],
            "Is Cleo dating Sam?", "dating", "broke up", Day(2022, 6, 1)),
        new("changed preference", "Dev",
            [("My favorite food is sushi.", Day(2021, 3, 3)), ("These days my favorite food is pizza.", Day(2021, 12, 1))],
            "What is Dev's favorite food?", "sushi", "pizza", Day(2021, 6, 1)),
        new("corrected mistake", "Eli",
            [("I work as a nurse at the city hospital.", Day(2020, 1, 5)), ("Sorry, I got that wrong: I work as a teacher at the city school.", Day(2020, 1, 6))],
            "What is Eli's job?", "nurse", "teacher", Day(2020, 1, 5)),
        new("moved twice", "Fay",
            [("I live in Lisbon near the river.", Day(2019, 1, 1)), ("I moved to Porto for my studies.", Day(2019, 9, 1)), ("I moved to Madrid after graduating.", Day(2021, 7, 1))],
            "Where does Fay live?", "Porto", "Madrid", Day(2020, 1, 1)),
    ];
}
