using System.CommandLine;
using BatchAi.Daemon.Cli;

// No response files: an argument starting with @ is a value (--judge @rubric.txt reads the rubric itself), never a list of arguments.
// Ctrl+C pauses a job, which lets answers in flight land (up to the pause grace) and writes the checkpoint:
// the default 2 s before System.CommandLine ends the process is too short for that.
return await BatchAiCli.Build().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
