using AgentMemory.IntegrationTests.Infrastructure;

// One real server for the end-to-end classes; each class works on its own users.
[assembly: AssemblyFixture(typeof(ServerFixture))]
