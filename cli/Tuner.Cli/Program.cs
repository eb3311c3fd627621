// Placeholder entry point: filled in by the issue that owns Tuner.Cli.
return 0;
