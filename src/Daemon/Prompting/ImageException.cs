namespace BatchAi.Daemon.Prompting;

/// <summary>A row's image cannot be sent (missing, too large, not an image): that row fails with this message, the job goes on.</summary>
internal sealed class ImageException(string message) : Exception(message);
