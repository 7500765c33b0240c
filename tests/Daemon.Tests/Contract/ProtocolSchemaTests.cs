using System.Reflection;
using System.Text.Json.Nodes;
using BatchAi.Daemon.Rpc;
using BatchAi.Protocol;
using StreamJsonRpc;

namespace BatchAi.Daemon.Tests.Contract;

/// <summary>
/// src/Protocol/protocol.json is generated from src/Protocol, and the VS Code client's types from it: a record changed without
/// regenerating fails here; a snapshot regenerated without the TypeScript fails the extension's check.
/// </summary>
public sealed class ProtocolSchemaTests
{
    [Fact]
    public void ProtocolJson_GeneratedFromRecords_EqualsCheckedInFile()
    {
        var generated = ProtocolSchema.Generate();
        var path = Path.Combine(RepoRoot(), ProtocolSchema.RelativePath);
        if (Environment.GetEnvironmentVariable("BATCHAI_UPDATE_SNAPSHOT") == "1")
        {
            File.WriteAllText(path, generated);
            return;
        }

        var checkedIn = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (checkedIn != generated)
        {
            Assert.Fail(Difference(checkedIn, generated));
        }
    }

    [Fact]
    public void DaemonRpcTarget_EveryMethod_TakesAndAnswersTheDeclaredTypes()
    {
        var declared = typeof(Methods).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)
            .ToDictionary(f => (string)f.GetRawConstantValue()!, f => (Params: f.GetCustomAttribute<RpcParamsAttribute>()?.Type, Result: f.GetCustomAttribute<RpcResultAttribute>()?.Type));
        var handlers = typeof(DaemonRpcTarget).GetMethods()
            .Select(m => (Method: m, Name: m.GetCustomAttribute<JsonRpcMethodAttribute>()?.Name))
            .Where(h => h.Name is not null)
            .ToDictionary(h => h.Name!, h => (Params: ParamsOf(h.Method), Result: ResultOf(h.Method)));

        Assert.Equal(declared.Keys.Order(), handlers.Keys.Order());
        Assert.All(declared, d => Assert.Equal((d.Key, d.Value), (d.Key, handlers[d.Key])));
    }

    // object stands for "no parameters" and "an empty object" in DaemonRpcTarget; the declarations say so by leaving the attribute out.
    private static Type? ParamsOf(MethodInfo method) =>
        method.GetParameters().Select(p => p.ParameterType).Where(t => t != typeof(CancellationToken) && t != typeof(object)).SingleOrDefault();

    private static Type? ResultOf(MethodInfo method)
    {
        var type = method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
            ? method.ReturnType.GetGenericArguments()[0]
            : method.ReturnType;
        return type == typeof(object) ? null : type;
    }

    private static string Difference(string checkedIn, string generated)
    {
        string what;
        try
        {
            var differences = JsonDifferences.Between(JsonNode.Parse(generated), JsonNode.Parse(checkedIn), "the records", "the file");
            what = differences.Count == 0 ? "  (formatting only)" : string.Join(Environment.NewLine, differences.Take(10).Select(d => "  " + d));
        }
        catch (System.Text.Json.JsonException e)
        {
            // A merge of two protocol changes leaves conflict markers: regenerating is the resolution.
            what = $"  the file is not JSON ({e.Message})";
        }

        return $"{ProtocolSchema.RelativePath} is not the schema of src/Protocol's records:{Environment.NewLine}{what}{Environment.NewLine}" +
            $"Regenerate the snapshot and the TypeScript types together, from the repository root:{Environment.NewLine}  {ProtocolSchema.UpdateCommand}";
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BatchAi.Daemon.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No BatchAi.Daemon.sln above {AppContext.BaseDirectory}.");
    }
}
