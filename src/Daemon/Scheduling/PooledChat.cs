using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Scheduling;

/// <summary>A job's way to its endpoints: the retrying chat over the pool, and the pool, whose live status the job reports.</summary>
internal sealed record PooledChat(ResilientChat Chat, EndpointPool Pool);
