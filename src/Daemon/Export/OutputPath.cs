namespace BatchAi.Daemon.Export;

internal static class OutputPath
{
    /// <summary>Where answers go when the user names no output: next to the input, <c>questions.xlsx</c> → <c>questions.answers.jsonl</c>.</summary>
    public static string Default(string inputPath, string format)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(inputPath)) ?? ".";
        var name = Path.GetFileNameWithoutExtension(inputPath);
        return Path.Combine(folder, $"{name}.answers.{ExportFormat.Extension(ExportFormat.Normalize(format))}");
    }
}
