using System.Text;

namespace BatchAi.Daemon.Export;

/// <summary>The card's paragraph for a conversational dataset: what <c>messages</c> holds and how a trainer takes it as it is.</summary>
internal static class HfDatasetCardConversation
{
    public static void Write(StringBuilder card, bool images)
    {
        card.Append("## Conversational\n\n")
            .Append("Each row's `messages` is a conversation in the chat format (a list of `{role, content}`), ending with the answer ")
            .Append("as the assistant's turn; a row that was a plain question is that question and its answer. TRL's `SFTTrainer`, ")
            .Append("Axolotl (`type: chat_template`), LLaMA-Factory and Unsloth take the column as it is.\n\n");
        if (images)
        {
            card.Append("Images are references in `images` (a path relative to the input file, or a URL), never the image's bytes: copy ")
                .Append("the files beside the data before you train. Each is marked `<image>` in the text of its turn, in order, as ")
                .Append("LLaMA-Factory's multimodal sets are; a trainer that places images itself (TRL) wants them loaded, e.g. ")
                .Append("`ds.cast_column(\"images\", Sequence(Image()))` once the paths resolve, and the marks removed from the text.\n\n");
        }
    }
}
