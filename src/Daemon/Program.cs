using System.CommandLine;
using BatchAi.Daemon.Cli;

// Ctrl+C pauses a job, which lets answers in flight land (up to the pause grace) and writes the checkpoint:
// the default 2 s before System.CommandLine ends the process is too short for that.
return await BatchAiCli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
