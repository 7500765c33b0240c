using System.Reflection;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Tests.Prompting;

/// <summary>
/// The fingerprint covers every field of the request: each property of <see cref="ChatRequest"/> (and of its messages),
/// found by reflection, is varied alone and must change the hash. A field added without a variation here fails, so a new
/// field is hashed, or this test says why not.
/// </summary>
public sealed class RequestFingerprintCoverageTests
{
    /// <summary>A request with every field set, so that every property of the wire body is written.</summary>
    internal static ChatRequest Full() => new(
        [new ChatMessage(ChatRole.System, "sys"), new ChatMessage(ChatRole.User, "q")], temperature: 0.5, maxTokens: 100)
    {
        ResponseFormat = new ResponseFormat("answer", """{"type":"object","properties":{"a":{"type":"string"}}}"""),
    };

    /// <summary>The request's fields: its public instance properties, less those computed from others.</summary>
    internal static IReadOnlyList<PropertyInfo> Fields() => typeof(ChatRequest)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .ToList();

    public static TheoryData<string> FieldNames() => [.. Fields().Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(FieldNames))]
    public void Compute_OneFieldVaried_FingerprintChanges(string name)
    {
        var baseline = Full();
        var property = typeof(ChatRequest).GetProperty(name)!;

        foreach (var value in Variations(property.PropertyType, property.GetValue(baseline)))
        {
            var varied = baseline with { };
            property.SetValue(varied, value);
            Assert.NotEqual(RequestFingerprint.Compute("m", baseline), RequestFingerprint.Compute("m", varied));
        }
    }

    [Fact]
    public void ChatMessage_Fields_AreTheOnesVaried() =>
        // Role, Content and Parts are varied below; a new member of a message must be varied too before this passes.
        Assert.Equal(["Content", "Parts", "Role"], typeof(ChatMessage).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).Order(StringComparer.Ordinal));

    [Fact]
    public void Compute_ModelVaried_FingerprintChanges() =>
        Assert.NotEqual(RequestFingerprint.Compute("m", Full()), RequestFingerprint.Compute("n", Full()));

    [Fact]
    public void Compute_RowRequest_SameAsItsFields() =>
        Assert.Equal(RequestFingerprint.Compute("m", "sys", "q", 0.5, 100), RequestFingerprint.Compute("m", Full() with { ResponseFormat = null }));

    // Values unlike the baseline's, for each kind of field the request has; a new kind needs its line here.
    private static IEnumerable<object?> Variations(Type type, object? current)
    {
        if (type == typeof(double?))
        {
            return [null, (double)current! + 0.25];
        }

        if (type == typeof(int?))
        {
            return [null, (int)current! + 1];
        }

        if (type == typeof(IReadOnlyList<ChatMessage>))
        {
            var messages = (IReadOnlyList<ChatMessage>)current!;
            return
            [
                messages.Skip(1).ToList(),
                messages.Append(new ChatMessage(ChatRole.Assistant, "a")).ToList(),
                messages.Select((m, i) => i == 0 ? m with { Content = m.Content + "x" } : m).ToList(),
                messages.Select((m, i) => i == 0 ? m with { Role = ChatRole.User } : m).ToList(),
                messages.Select((m, i) => i == 1 ? m with { Parts = [ChatPart.OfText(m.Content)] } : m).ToList(),
                messages.Select((m, i) => i == 1 ? ChatMessage.OfParts(m.Role, [ChatPart.OfText(m.Content), ChatPart.OfImage("https://x/a.png")]) : m).ToList(),
                messages.Select((m, i) => i == 1 ? ChatMessage.OfParts(m.Role, [ChatPart.OfText(m.Content), ChatPart.OfImage("https://x/b.png")]) : m).ToList(),
                messages.Select((m, i) => i == 1 ? ChatMessage.OfParts(m.Role, [ChatPart.OfText(m.Content), ChatPart.OfImage("https://x/a.png", "low")]) : m).ToList(),
            ];
        }

        if (type == typeof(ResponseFormat))
        {
            var format = (ResponseFormat)current!;
            return [null, format with { Name = "other" }, format with { Schema = """{"type":"object"}""" }, format with { Strict = !format.Strict }];
        }

        throw new InvalidOperationException($"ChatRequest has a field of type {type}: say here how to vary it, so the fingerprint is held to covering it.");
    }
}
