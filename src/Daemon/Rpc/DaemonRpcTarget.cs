using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Rpc.Preview;
using BatchAi.Protocol;
using BatchAi.Protocol.Datasets;
using BatchAi.Protocol.Jobs;
using StreamJsonRpc;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Rpc;

/// <summary>The methods one connection can call. Each takes one parameter object; names come from <see cref="Methods"/>.</summary>
internal sealed class DaemonRpcTarget(JobFeatures features, ClientSession session, DaemonInfo info, Action requestShutdown, Action<string> log, PromptOptimizer optimizer)
{
    private readonly JobManager _jobs = features.Jobs;

    [JsonRpcMethod(Methods.Initialize, UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams? p = null) => RpcErrors.Run(() =>
    {
        if (p?.ClientName is { } name)
        {
            log($"client {session.Id}: {name} {p.ClientVersion} (protocol {p.ProtocolVersion?.ToString() ?? "?"})");
        }

        return new InitializeResult(
            info.Version,
            NegotiateVersion(p?.ProtocolVersion),
            new Capabilities(info.InputFormats, JobRequestValidator.OutputFormats, Methods.All, Protocol.Notifications.All),
            info.DataDirectory,
            info.Notices.Count == 0 ? null : info.Notices);
    }, log);

    // The client names the newest version it speaks; both then speak the older of that and ours. Versions older than 1
    // do not exist. A client that names none gets ours.
    private static int NegotiateVersion(int? client) => client switch
    {
        null => ProtocolInfo.Version,
        < 1 => throw new RequestRefusedException(RefusalReason.InvalidField,
            $"protocolVersion {client} is not a version of this protocol; this daemon speaks 1 to {ProtocolInfo.Version}.", new RefusedAt(Field: "protocolVersion")),
        _ => Math.Min(client.Value, ProtocolInfo.Version),
    };

    [JsonRpcMethod(Methods.StartJob, UseSingleObjectParameterDeserialization = true)]
    public Task<StartJobResult> StartJobAsync(StartJobParams p, CancellationToken cancellationToken) =>
        RpcErrors.RunAsync(
            () => _jobs.StartAsync(p, id => session.SubscribeTokens(id, p?.StreamTokens == true), cancellationToken),
            log);

    [JsonRpcMethod(Methods.GetJob, UseSingleObjectParameterDeserialization = true)]
    public JobInfo GetJob(JobIdParams p) => RpcErrors.Run(() => _jobs.Get(RequireId(p?.JobId)), log);

    [JsonRpcMethod(Methods.ListJobs, UseSingleObjectParameterDeserialization = true)]
    public ListJobsResult ListJobs(object? p = null) => RpcErrors.Run(() => new ListJobsResult(_jobs.List()), log);

    [JsonRpcMethod(Methods.PauseJob, UseSingleObjectParameterDeserialization = true)]
    public Task<JobInfo> PauseJobAsync(JobIdParams p) => RpcErrors.RunAsync(() => _jobs.PauseAsync(RequireId(p?.JobId)), log);

    [JsonRpcMethod(Methods.ResumeJob, UseSingleObjectParameterDeserialization = true)]
    public Task<JobInfo> ResumeJobAsync(ResumeJobParams p) => RpcErrors.RunAsync(() => _jobs.ResumeAsync(RequireId(p?.JobId), p?.ApiKey, p?.ApiKeys, p?.Budget), log);

    [JsonRpcMethod(Methods.CancelJob, UseSingleObjectParameterDeserialization = true)]
    public Task<JobInfo> CancelJobAsync(JobIdParams p) => RpcErrors.RunAsync(() => _jobs.CancelAsync(RequireId(p?.JobId)), log);

    [JsonRpcMethod(Methods.SubscribeTokens, UseSingleObjectParameterDeserialization = true)]
    public JobInfo SubscribeTokens(SubscribeTokensParams p) => RpcErrors.Run(
        () =>
        {
            var job = _jobs.Get(RequireId(p?.JobId));
            session.SubscribeTokens(job.JobId, p!.Enabled);
            return job;
        },
        log);

    [JsonRpcMethod(Methods.ExportJob, UseSingleObjectParameterDeserialization = true)]
    public Task<ExportJobResult> ExportJobAsync(ExportJobParams p, CancellationToken cancellationToken) =>
        RpcErrors.RunAsync(
            () =>
            {
                var id = RequireId(p?.JobId);
                return features.Exports.ExportAsync(id, _jobs.SpecOf(id), p!, cancellationToken);
            },
            log);

    [JsonRpcMethod(Methods.ClearCache, UseSingleObjectParameterDeserialization = true)]
    public Task<ClearCacheResult> ClearCacheAsync(object? p = null) =>
        RpcErrors.RunAsync(async () => new ClearCacheResult(await _jobs.Ledger.ClearCacheAsync().ConfigureAwait(false)), log);

    [JsonRpcMethod(Methods.RetryFailed, UseSingleObjectParameterDeserialization = true)]
    public Task<JobInfo> RetryFailedAsync(ResumeJobParams p) => RpcErrors.RunAsync(() => _jobs.RetryFailedAsync(RequireId(p?.JobId), p?.ApiKey, p?.ApiKeys, p?.Budget), log);

    [JsonRpcMethod(Methods.SaveProfile, UseSingleObjectParameterDeserialization = true)]
    public Task<SaveProfileParams> SaveProfileAsync(SaveProfileParams p) => RpcErrors.RunAsync(() => features.Profiles.SaveAsync(p), log);

    [JsonRpcMethod(Methods.ListProfiles, UseSingleObjectParameterDeserialization = true)]
    public ListProfilesResult ListProfiles(object? p = null) => RpcErrors.Run(() => new ListProfilesResult(features.Profiles.List()), log);

    [JsonRpcMethod(Methods.DeleteProfile, UseSingleObjectParameterDeserialization = true)]
    public Task<DeleteProfileResult> DeleteProfileAsync(ProfileNameParams p) =>
        RpcErrors.RunAsync(async () => new DeleteProfileResult(await features.Profiles.DeleteAsync(p?.Name).ConfigureAwait(false)), log);

    [JsonRpcMethod(Methods.PreviewDataset, UseSingleObjectParameterDeserialization = true)]
    public Task<PreviewDatasetResult> PreviewDatasetAsync(PreviewDatasetParams p, CancellationToken cancellationToken) =>
        RpcErrors.RunAsync(() => DatasetPreviewer.PreviewAsync(p, cancellationToken), log);

    [JsonRpcMethod(Methods.OptimizePrompt, UseSingleObjectParameterDeserialization = true)]
    public Task<Protocol.Generation.OptimizePromptResult> OptimizePromptAsync(Protocol.Generation.OptimizePromptParams p, CancellationToken cancellationToken) =>
        RpcErrors.RunAsync(() => optimizer.OptimizeAsync(p, cancellationToken), log);

    [JsonRpcMethod(Methods.EstimateJob, UseSingleObjectParameterDeserialization = true)]
    public Task<EstimateJobResult> EstimateJobAsync(EstimateJobParams p, CancellationToken cancellationToken) =>
        RpcErrors.RunAsync(() => features.Estimator.EstimateAsync(p, cancellationToken), log);

    [JsonRpcMethod(Methods.GenerateQuestions, UseSingleObjectParameterDeserialization = true)]
    public Task<StartJobResult> GenerateQuestionsAsync(Protocol.Generation.GenerateQuestionsParams p, CancellationToken cancellationToken) =>
        RpcErrors.RunAsync(() => _jobs.GenerateAsync(p, cancellationToken), log);

    [JsonRpcMethod(Methods.GetRows, UseSingleObjectParameterDeserialization = true)]
    public GetRowsResult GetRows(GetRowsParams p) => RpcErrors.Run(
        () =>
        {
            var id = RequireId(p?.JobId);
            return features.Rows.Read(id, _jobs.SpecOf(id), p!);
        },
        log);

    [JsonRpcMethod(Methods.ExportRequests, UseSingleObjectParameterDeserialization = true)]
    public Task<ExportRequestsResult> ExportRequestsAsync(ExportRequestsParams p, CancellationToken cancellationToken) =>
        RpcErrors.RunAsync(() => features.BatchFiles.ExportRequestsAsync(p with { JobId = RequireId(p?.JobId) }, cancellationToken), log);

    [JsonRpcMethod(Methods.ImportResults, UseSingleObjectParameterDeserialization = true)]
    public Task<ImportResultsResult> ImportResultsAsync(ImportResultsParams p, CancellationToken cancellationToken) =>
        RpcErrors.RunAsync(() => features.BatchFiles.ImportResultsAsync(p with { JobId = RequireId(p?.JobId) }, cancellationToken), log);

    [JsonRpcMethod(Methods.Shutdown, UseSingleObjectParameterDeserialization = true)]
    public object Shutdown(object? p = null)
    {
        log($"client {session.Id}: asked the daemon to shut down");
        // Answer first, then stop: the daemon stops once this reply is flushed, so the caller gets it before the connection closes.
        requestShutdown();
        return new { };
    }

    private static string RequireId(string? jobId) => string.IsNullOrWhiteSpace(jobId)
        ? throw new RequestRefusedException(RefusalReason.InvalidField, "jobId is required.", new RefusedAt(Field: "jobId"))
        : jobId;
}
