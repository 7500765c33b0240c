namespace BatchAi.Daemon.Export;

/// <summary>What an export needs beyond the rows: the job's system prompt (training formats carry it) and whether reasoning is kept.</summary>
internal sealed record ExportContext(string? SystemPrompt = null, bool KeepReasoning = false)
{
    public static ExportContext None { get; } = new();
}
