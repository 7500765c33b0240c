using System.CommandLine;
using BatchAi.Daemon.Hosting;
using BatchAi.Daemon.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary><c>batchai resume ID</c>: finishes a paused or interrupted job in this process, sending only the rows not done.</summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("job-id") { Description = "The job to resume." };
        var apiKey = new Option<string?>("--api-key") { Description = "The key again, for a job started with --api-key (keys are never stored)." };
        var verbose = new Option<bool>("--verbose") { Description = "Log to stderr as the daemon does." };
        var dataDir = CliOptions.DataDir();
        var command = new Command("resume", "Resume a paused or interrupted job.") { id, apiKey, verbose, dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            StderrLog.Quiet = !parse.GetValue(verbose);
            await using var host = await InProcessJob.StartHostAsync(DataDirectory.Resolve(parse.GetValue(dataDir)));
            if (host is null)
            {
                return ExitCodes.InUse;
            }

            var jobId = parse.GetValue(id)!;
            var watcher = new CliJobWatcher();
            using var registration = host.Hub.Register(watcher);
            watcher.Watch(jobId);
            try
            {
                await host.Jobs.ResumeAsync(jobId, parse.GetValue(apiKey));
            }
            catch (JobException e)
            {
                Console.Error.WriteLine($"batchai: {e.Message}");
                return ExitCodes.BadInput;
            }

            return await InProcessJob.WatchAsync(host, watcher, jobId, cancellationToken);
        });
        return command;
    }
}
