using BatchAi.Daemon.Structured;

namespace BatchAi.Daemon.Tests.Structured;

public sealed class AnswerSchemaTests
{
    internal const string Person = """
        { "type": "object",
          "properties": { "name": { "type": "string" }, "age": { "type": "integer", "minimum": 0 }, "tags": { "type": "array" } },
          "required": ["name", "age"] }
        """;

    [Fact]
    public void Parse_Schema_CompactTextAndTopLevelPropertiesInOrder()
    {
        var schema = AnswerSchema.Parse(Person);

        Assert.Equal(["name", "age", "tags"], schema.Properties);
        Assert.DoesNotContain('\n', schema.Text);
    }

    [Fact]
    public void Check_ValidAnswer_NoErrors() =>
        Assert.True(AnswerSchema.Parse(Person).Check("""{"name":"Ann","age":3}""").IsValid);

    [Fact]
    public void Check_AnswerInACodeFence_ReadAsItsJson() =>
        Assert.True(AnswerSchema.Parse(Person).Check("```json\n{\"name\":\"Ann\",\"age\":3}\n```").IsValid);

    [Fact]
    public void Check_WrongTypeAndMissingProperty_ErrorsNameTheLocation()
    {
        var check = AnswerSchema.Parse(Person).Check("""{"age":"three"}""");

        Assert.False(check.IsValid);
        Assert.Contains(check.Errors, e => e.StartsWith("/age: ", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e.StartsWith("/: ", StringComparison.Ordinal) && e.Contains("name", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_NotJson_SaysSo()
    {
        var check = AnswerSchema.Parse(Person).Check("Sure! Here is the JSON: {");

        Assert.Equal("/: the answer is not JSON (line 1, byte 1)", Assert.Single(check.Errors));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "must be a JSON object")]
    [InlineData("""{"type":"array"}""", "/type")]
    [InlineData("""{"type":"object","properties":{"a":{"type":5}}}""", "")]
    public void Parse_UnusableSchema_Refused(string json, string said)
    {
        var e = Assert.Throws<SchemaException>(() => AnswerSchema.Parse(json));

        Assert.Contains(said, e.Message, StringComparison.Ordinal);
    }
}
