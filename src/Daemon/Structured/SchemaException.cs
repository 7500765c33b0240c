namespace BatchAi.Daemon.Structured;

/// <summary>A JSON Schema that cannot be used, with the reason (and where in the schema, when known).</summary>
internal sealed class SchemaException(string message, Exception? inner = null) : Exception(message, inner);
