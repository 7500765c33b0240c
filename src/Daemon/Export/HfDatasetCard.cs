using System.Globalization;
using System.Text;

namespace BatchAi.Daemon.Export;

/// <summary>
/// An <c>hf-dataset</c>'s <c>README.md</c>: the YAML front matter the Hugging Face Hub reads (configs with each split's files,
/// features and split sizes, license, task categories), then what a reader needs to trust the data: how the answers were made
/// and which rows were left out. Never a key or a base URL (<see cref="ExportProvenance"/>).
/// </summary>
internal static class HfDatasetCard
{
    private static readonly Dictionary<string, string> Meanings = new(StringComparer.Ordinal)
    {
        ["index"] = "the row's 0-based position in the input file",
        ["question"] = "the prompt as sent: the question cleaned, or the template rendered; for a conversation, its last user turn",
        ["messages"] = "the conversation and the answer as its last assistant turn (`role`: system, user or assistant; `content`: text)",
        ["images"] = "the row's images by reference (a path relative to the input file, or a URL), one `<image>` mark each in `messages`",
        ["answer"] = "the model's answer",
        ["reasoning"] = "the model's reasoning, null when it gave none",
        ["error"] = "why the row has no answer",
        ["finishReason"] = "why the answer ended: stop, or length when it hit max tokens",
        ["promptTokens"] = "prompt tokens, as the provider counted them",
        ["completionTokens"] = "answer tokens, as the provider counted them",
        ["attempts"] = "requests it took",
        ["model"] = "the model that wrote the answer",
    };

    public static string Write(ParquetLayout layout, IReadOnlyList<HfShardSet> splits, HfDatasetTally tally, ExportContext context)
    {
        var card = new StringBuilder();
        FrontMatter(card, layout, splits);
        var title = context.Provenance?.Input is { } input ? Path.GetFileNameWithoutExtension(input) : "BatchAI answers";
        card.Append("# ").Append(title).Append("\n\n");
        card.Append("Questions").Append(context.Provenance?.Input is { } name ? $" from `{name}`" : string.Empty)
            .Append(", answered by a language model through BatchAI and exported from its ledger. Nothing has been uploaded; ")
            .Append("`license: other` above is a placeholder: set the license of your data before you publish it.\n\n");
        if (layout.Kinds.Conversations)
        {
            HfDatasetCardConversation.Write(card, layout.Kinds.Images);
        }

        Settings(card, tally, context);
        Rows(card, splits, tally, context.HoldOut);
        Columns(card, layout);
        return card.ToString();
    }

    private static void FrontMatter(StringBuilder card, ParquetLayout layout, IReadOnlyList<HfShardSet> splits)
    {
        card.Append("---\n");
        card.Append("# A placeholder: choose your data's license (https://huggingface.co/docs/hub/repositories-licenses) before publishing.\n");
        card.Append("license: other\n");
        card.Append("task_categories:\n- text-generation\n- question-answering\n");
        if (layout.Kinds.Conversations)
        {
            card.Append("tags:\n- conversational\n");
        }

        card.Append("configs:\n- config_name: default\n  data_files:\n");
        foreach (var split in splits)
        {
            card.Append("  - split: ").Append(split.Split).Append('\n');
            card.Append("    path: data/").Append(split.Split).Append("-*\n");
        }

        card.Append("dataset_info:\n  features:\n");
        foreach (var column in layout.Columns)
        {
            card.Append("  - name: ").Append(YamlText.Scalar(column.Name)).Append('\n');
            card.Append(column.Feature switch
            {
                ParquetFeature.Int64 => "    dtype: int64\n",
                ParquetFeature.String => "    dtype: string\n",
                // How the Hub and datasets write a list of dicts (ultrachat's messages) and a list of strings.
                ParquetFeature.Messages => "    list:\n    - name: role\n      dtype: string\n    - name: content\n      dtype: string\n",
                _ => "    sequence: string\n",
            });
        }

        card.Append("  splits:\n");
        foreach (var split in splits)
        {
            card.Append("  - name: ").Append(split.Split).Append('\n');
            card.Append("    num_examples: ").Append(split.Rows.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        card.Append("---\n\n");
    }

    private static void Settings(StringBuilder card, HfDatasetTally tally, ExportContext context)
    {
        var provenance = context.Provenance;
        var models = tally.ByModel.Count > 0
            ? string.Join(", ", tally.ByModel.OrderByDescending(m => m.Value).Select(m => $"{Code(m.Key.Length > 0 ? m.Key : "not recorded")} ({Count(m.Value)} rows)"))
            : string.Join(", ", (provenance?.Models ?? []).Select(Code));
        card.Append("## How the answers were made\n\n| setting | value |\n|---|---|\n");
        card.Append("| model | ").Append(models.Length > 0 ? models : "not recorded").Append(" |\n");
        card.Append("| temperature | ")
            .Append(provenance?.Temperature is { } t ? t.ToString(CultureInfo.InvariantCulture) : "the provider's default").Append(" |\n");
        card.Append("| max tokens | ")
            .Append(provenance?.MaxTokens is { } m ? m.ToString(CultureInfo.InvariantCulture) : "not set").Append(" |\n\n");
        if (string.IsNullOrWhiteSpace(context.SystemPrompt))
        {
            card.Append("No system prompt.\n\n");
            return;
        }

        // A fence longer than any run of backticks in the prompt, so the prompt cannot close it.
        var fence = new string('`', Math.Max(3, LongestRun(context.SystemPrompt, '`') + 1));
        card.Append("System prompt:\n\n").Append(fence).Append("text\n").Append(context.SystemPrompt.TrimEnd('\n')).Append('\n').Append(fence).Append("\n\n");
    }

    private static void Rows(StringBuilder card, IReadOnlyList<HfShardSet> splits, HfDatasetTally tally, HoldOut? holdOut)
    {
        card.Append("## Rows\n\n| split | rows | files |\n|---|---|---|\n");
        foreach (var split in splits)
        {
            card.Append("| ").Append(split.Split).Append(" | ").Append(Count(split.Rows)).Append(" | ").Append(split.Files.Count).Append(" |\n");
        }

        card.Append('\n').Append("Only answered rows are here. Excluded: ").Append(Count(tally.Excluded)).Append(" rows (")
            .Append(Count(tally.Failed)).Append(" failed, ")
            .Append(Count(tally.Skipped)).Append(" skipped as empty or duplicate questions, ")
            .Append(Count(tally.Unanswered)).Append(" not answered when the job stopped).");
        if (tally.Truncated > 0)
        {
            card.Append(' ').Append(Count(tally.Truncated)).Append(" answers kept here were cut at max tokens (`finishReason` is `length`).");
        }

        card.Append("\n\n");
        if (holdOut is not null)
        {
            card.Append("The `test` split holds out ").Append(holdOut.Fraction.ToString("0.####", CultureInfo.InvariantCulture))
                .Append(" of the rows, chosen by a hash of the seed (").Append(holdOut.Seed.ToString(CultureInfo.InvariantCulture))
                .Append(") and each row's `index`, so the same seed gives the same split every time.\n\n");
        }
    }

    private static void Columns(StringBuilder card, ParquetLayout layout)
    {
        card.Append("## Columns\n\n| column | type | meaning |\n|---|---|---|\n");
        foreach (var column in layout.Columns)
        {
            card.Append("| ").Append(Code(column.Name)).Append(" | ").Append(column.Dtype).Append(" | ")
                .Append(Meanings.GetValueOrDefault(column.Name, "a column of the input file")).Append(" |\n");
        }
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    // In a table cell: a pipe would end the cell.
    private static string Code(string text) => "`" + text.Replace("`", "'", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal) + "`";

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var ch in text)
        {
            run = ch == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
