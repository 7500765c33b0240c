using System.CommandLine;

namespace BatchAi.Daemon.Cli;

/// <summary>The <c>batchai</c> command line: the daemon and its tools in one executable.</summary>
internal static class BatchAiCli
{
    public static RootCommand Build() => new("batchai: turns a dataset of questions into a dataset of AI answers, checkpointed row by row.")
    {
        ServeCommand.Create(),
        RunCommand.Create(),
        EstimateCommand.Create(),
        GenerateCommand.Create(),
        ResumeCommand.Create(),
        ClientCommands.Jobs(),
        ClientCommands.Status(),
        ClientCommands.Rows(),
        ClientCommands.Watch(),
        ClientCommands.Pause(),
        ClientCommands.Cancel(),
        ResumeCommand.CreateRetryFailed(),
        ExportCommand.Create(),
        BatchFileCommands.ExportRequests(),
        BatchFileCommands.ImportResults(),
        ClientCommands.Preview(),
        SimCommand.Create(),
    };
}
