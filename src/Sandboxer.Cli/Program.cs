using Sandboxer.Cli;

return await SandboxerApp.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
