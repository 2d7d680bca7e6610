using AgentMemory.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddAgentMemoryServer();

var app = builder.Build();
app.MapAgentMemoryEndpoints();
app.Run();
