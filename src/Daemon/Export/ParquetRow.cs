namespace BatchAi.Daemon.Export;

/// <summary>A record as the Parquet columns read it: with its training conversation when the layout has conversation columns, parsed once per row.</summary>
internal readonly record struct ParquetRow(ExportRecord Record, TrainingChat? Chat);
