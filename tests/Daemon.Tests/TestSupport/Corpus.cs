namespace BatchAi.Daemon.Tests.TestSupport;

/// <summary>The sample files under tests/Daemon.Tests/Corpus, copied beside the test assembly.</summary>
internal static class Corpus
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static string File(string name) => Path.Combine(Directory, name);

    /// <summary>The samples that have an expected cleaned output (<c>NAME.expected.json</c>).</summary>
    public static TheoryData<string> WithExpectedOutput()
    {
        var data = new TheoryData<string>();
        foreach (var expected in System.IO.Directory.GetFiles(Directory, "*.expected.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(expected)[..^".expected.json".Length]);
        }

        return data;
    }
}
