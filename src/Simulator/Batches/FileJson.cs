using System.Text.Json;

namespace BatchAi.Simulator.Batches;

/// <summary>OpenAI's file object, with the deprecated <c>status</c> and <c>status_details</c> it still sends.</summary>
internal static class FileJson
{
    public static void Write(Utf8JsonWriter json, StoredFile file)
    {
        json.WriteStartObject();
        json.WriteString("id", file.Id);
        json.WriteString("object", "file");
        json.WriteNumber("bytes", file.Bytes);
        json.WriteNumber("created_at", file.CreatedAt);
        json.WriteNull("expires_at");
        json.WriteString("filename", file.Filename);
        json.WriteString("purpose", file.Purpose);
        json.WriteString("status", "processed");
        json.WriteNull("status_details");
        json.WriteEndObject();
    }

    public static void WriteDeleted(Utf8JsonWriter json, string id)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("object", "file");
        json.WriteBoolean("deleted", true);
        json.WriteEndObject();
    }
}
