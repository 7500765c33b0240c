using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace BatchAi.Daemon.Tests.Contract;

/// <summary>The Protocol assembly's doc comments as plain text, so the schema (and the types generated from it) carry them.</summary>
internal sealed class XmlDocs
{
    private readonly Dictionary<string, XElement> _members;

    private XmlDocs(Dictionary<string, XElement> members) => _members = members;

    public static XmlDocs For(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: BatchAi.Protocol.csproj must keep GenerateDocumentationFile on.");
        }

        var members = XDocument.Load(path).Root!.Element("members")!.Elements("member")
            .ToDictionary(m => (string)m.Attribute("name")!);
        return new XmlDocs(members);
    }

    public string? Type(Type type) => Text(Member("T:" + type.FullName)?.Element("summary"));

    public string? Field(FieldInfo field) => Text(Member($"F:{field.DeclaringType!.FullName}.{field.Name}")?.Element("summary"));

    /// <summary>A positional record's property is documented as a <c>param</c> of its type; a declared one as itself.</summary>
    public string? Property(PropertyInfo property)
    {
        for (var type = property.DeclaringType; type is not null; type = type.BaseType)
        {
            var own = Member($"P:{type.FullName}.{property.Name}")?.Element("summary");
            var param = Member("T:" + type.FullName)?.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == property.Name);
            if ((own ?? param) is { } doc)
            {
                return Text(doc);
            }
        }

        return null;
    }

    private XElement? Member(string name) => _members.GetValueOrDefault(name);

    private static string? Text(XElement? doc)
    {
        if (doc is null)
        {
            return null;
        }

        var text = new StringBuilder();
        Append(doc, text);
        var collapsed = string.Join(' ', text.ToString().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length == 0 ? null : collapsed;
    }

    // <c> becomes `code`; a cref names its last segment; a property's cref and a paramref are wire names, so camelCase.
    private static void Append(XElement element, StringBuilder text)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText t:
                    text.Append(t.Value);
                    break;
                case XElement { Name.LocalName: "c" } c:
                    text.Append('`').Append(c.Value).Append('`');
                    break;
                case XElement { Name.LocalName: "see" } see when see.Attribute("cref") is { } cref:
                    var name = cref.Value[(cref.Value.LastIndexOf('.') + 1)..];
                    text.Append('`').Append(cref.Value.StartsWith("P:", StringComparison.Ordinal) ? Camel(name) : name).Append('`');
                    break;
                case XElement { Name.LocalName: "paramref" } paramref when paramref.Attribute("name") is { } parameter:
                    text.Append('`').Append(Camel(parameter.Value)).Append('`');
                    break;
                case XElement child:
                    Append(child, text);
                    break;
            }
        }
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
