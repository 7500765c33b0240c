using BatchAi.Daemon.Cli;

return await BatchAiCli.Build().Parse(args).InvokeAsync();
