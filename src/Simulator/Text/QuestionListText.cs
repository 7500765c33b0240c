using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BatchAi.Simulator.Text;

/// <summary>
/// Replies to a request for questions (a user message with a line "Write N new questions ...", as batchai's
/// generateQuestions sends) with a list of N questions, deterministic in the message, as real models reply: in one of the
/// common forms (JSON array, fenced JSON, objects, numbered and bulleted lists with a preamble and a closing remark),
/// drawn from a finite pool of distinct questions about the seed (the text before the first "---" line), so batches
/// overlap: some questions repeat across batches, some come back with only case and punctuation changed, some slightly
/// reworded. The pool's size bounds how many distinct questions the "model" can give at all.
/// </summary>
internal static partial class QuestionListText
{
    private const int Popular = 12;

    private static readonly string[] EnglishFrames =
    [
        "How does {0} affect {1} when {2} changes?", "What is the difference between {0} and {1} for {2}?", "Why would {0} fail without {1} during {2}?",
        "When should a team choose {0} over {1} in {2}?", "Which {0} settings matter most for {1} under {2}?", "Can {0} replace {1} in a setup built on {2}?",
    ];

    private static readonly string[] EnglishNouns =
    [
        "caching", "latency", "indexing", "sharding", "replication", "backups", "encryption", "logging", "tracing", "queues", "retries", "timeouts",
        "batching", "compression", "pagination", "migrations", "schemas", "locking", "transactions", "snapshots", "quotas", "throttling", "routing",
        "failover", "monitoring", "alerting", "profiling", "testing", "deployment", "rollbacks", "containers", "scheduling", "streaming", "parsing",
        "tokenization", "embeddings", "prompts", "sampling", "temperature", "fine-tuning", "evaluation", "labeling", "datasets", "exports", "imports",
        "checkpoints", "ledgers", "webhooks", "sessions", "cookies", "certificates", "permissions", "auditing", "billing", "invoices", "refunds",
        "discounts", "inventory", "shipping", "returns", "warranties", "reviews", "ratings", "search", "recommendations", "notifications", "emails",
        "translations", "accessibility", "localization", "themes", "fonts", "layouts", "animations", "gestures", "keyboards", "printers", "scanners", "sensors",
    ];

    private static readonly string[] ChineseFrames =
    [
        "在{2}的情况下，{0}会如何影响{1}？", "{0}和{1}在{2}中有什么区别？", "为什么在{2}时{0}离不开{1}？",
        "团队在{2}中应该何时选择{0}而不是{1}？", "{2}场景下，{0}的哪些设置最影响{1}？", "基于{2}的系统能用{0}替代{1}吗？",
    ];

    private static readonly string[] ChineseNouns =
    [
        "缓存", "延迟", "索引", "分片", "复制", "备份", "加密", "日志", "追踪", "队列", "重试", "超时", "批处理", "压缩", "分页", "迁移", "模式", "锁定",
        "事务", "快照", "配额", "限流", "路由", "故障转移", "监控", "告警", "性能分析", "测试", "部署", "回滚", "容器", "调度", "流式传输", "解析", "分词",
        "向量", "提示词", "采样", "温度", "微调", "评估", "标注", "数据集", "导出", "导入", "检查点", "账本", "回调", "会话", "证书", "权限", "审计",
        "计费", "发票", "退款", "折扣", "库存", "物流", "退货", "保修",
    ];

    private static readonly string[] EnglishNear = [" today", " now", " overall"];

    /// <summary>The reply to <paramref name="message"/> if it asks for questions; null otherwise.</summary>
    public static string? Reply(string message, int poolSize)
    {
        var ask = Ask().Match(message);
        if (!ask.Success)
        {
            return null;
        }

        var count = Math.Clamp(int.Parse(ask.Groups["n"].ValueSpan, CultureInfo.InvariantCulture), 1, 500);
        var cut = message.IndexOf("\n---", StringComparison.Ordinal);
        var seed = cut < 0 ? message : message[..cut];
        var chinese = seed.Any(c => c is >= '\u4E00' and <= '\u9FFF');
        var pool = Math.Max(1, poolSize);
        var random = new SplitMix64(StableHash.Of("questions\n" + message));
        var questions = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var k = random.NextDouble() < 0.3 ? random.NextInt(Math.Min(Popular, pool)) : random.NextInt(pool);
            var question = Compose(seed, k, chinese);
            var variant = random.NextDouble();
            questions.Add(variant < 0.15 ? SameOnceNormalised(question, chinese) : variant < 0.3 ? Reworded(question, chinese, random.NextInt(3)) : question);
        }

        return Format(questions, chinese, random.NextInt(10));
    }

    /// <summary>Pool question <paramref name="k"/> of a seed: a frame filled with three distinct nouns, fixed by (seed, k).</summary>
    public static string Compose(string seed, int k, bool chinese)
    {
        var random = new SplitMix64(StableHash.Of($"pool\n{k}\n{seed}"));
        var nouns = chinese ? ChineseNouns : EnglishNouns;
        var frames = chinese ? ChineseFrames : EnglishFrames;
        var a = random.NextInt(nouns.Length);
        var b = (a + 1 + random.NextInt(nouns.Length - 1)) % nouns.Length;
        var c = random.NextInt(nouns.Length);
        while (c == a || c == b)
        {
            c = (c + 1) % nouns.Length;
        }

        return string.Format(CultureInfo.InvariantCulture, frames[random.NextInt(frames.Length)], nouns[a], nouns[b], nouns[c]);
    }

    // Case, spacing and punctuation changed only: the same question to anyone who normalises.
    private static string SameOnceNormalised(string question, bool chinese) =>
        chinese ? question.Replace("？", " ?", StringComparison.Ordinal).Replace("，", ",", StringComparison.Ordinal) : question.ToLowerInvariant().TrimEnd('?') + " ??";

    // A word added: a near-duplicate, not the same text.
    private static string Reworded(string question, bool chinese, int which) => chinese
        ? which == 0 ? "请问" + question : question.Insert(question.Length - 1, "呢")
        : question.Insert(question.Length - 1, EnglishNear[which]);

    private static string Format(List<string> questions, bool chinese, int form)
    {
        var text = new StringBuilder();
        var preamble = chinese ? $"好的，以下是{questions.Count}个问题：" : $"Sure! Here are {questions.Count} questions:";
        var closing = chinese ? "希望这些问题对你有帮助！" : "Let me know if you would like more.";
        switch (form)
        {
            case 0:
                return JsonSerializer.Serialize(questions, Json);
            case 1:
                return $"{preamble}\n\n```json\n{JsonSerializer.Serialize(questions, Indented)}\n```\n\n{closing}";
            case 2:
                return JsonSerializer.Serialize(questions.Select((q, i) => new { id = i + 1, question = q }), Json);
        }

        text.Append(preamble).Append("\n\n");
        for (var i = 0; i < questions.Count; i++)
        {
            var n = i + 1;
            text.Append(form switch
            {
                3 => $"{n}. ",
                4 => $"{n}、",
                5 => $"{n}) ",
                6 => $"({n}) ",
                7 => $"**{n}.** ",
                8 => "- ",
                _ => "* ",
            }).Append(questions[i]).Append('\n');
        }

        return text.Append('\n').Append(closing).ToString();
    }

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Indented = new(Json) { WriteIndented = true };

    [GeneratedRegex(@"Write (?<n>\d{1,4}) new questions", RegexOptions.CultureInvariant)]
    private static partial Regex Ask();
}
